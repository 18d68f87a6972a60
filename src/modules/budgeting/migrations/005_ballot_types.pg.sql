-- Cumulative and ranked ballots (budget.h): two more kinds of ballot, and the points a cumulative
-- ballot spreads; and two counting rules of the manifest, the smallest share of the votes a project
-- needs and which of two level projects goes first. SQLite: 005_ballot_types.sqlite.sql.
ALTER TABLE budget_processes DROP CONSTRAINT budget_processes_ballot_type_check;
ALTER TABLE budget_processes ADD CONSTRAINT budget_processes_ballot_type_check
  CHECK (ballot_type IN ('approval', 'knapsack', 'cumulative', 'ranked'));
ALTER TABLE budget_processes ADD COLUMN points INTEGER NOT NULL DEFAULT 0;
ALTER TABLE budget_processes ADD COLUMN min_share INTEGER NOT NULL DEFAULT 0;
ALTER TABLE budget_processes ADD COLUMN tie_break TEXT NOT NULL DEFAULT 'file' CHECK (tie_break IN ('file', 'cost'));
