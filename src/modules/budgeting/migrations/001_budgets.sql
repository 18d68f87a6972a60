-- Participatory budgets: a locality's pot, the phases' dates and the voting rules (budget.h), and the
-- shortlisted projects with their costs. Ballots are in the shared secret ballot box (modules/ballots),
-- box "budgeting/<id>". Money in pence; times in UTC microseconds.
CREATE TABLE budget_processes (
  id {{id}},
  locality_id BIGINT NOT NULL REFERENCES localities (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  pot BIGINT NOT NULL CHECK (pot > 0),
  rule TEXT NOT NULL CHECK (rule IN ('greedy', 'equalshares/add1')),
  ballot_type TEXT NOT NULL CHECK (ballot_type IN ('approval', 'knapsack')),
  min_projects INTEGER NOT NULL DEFAULT 1,
  max_projects INTEGER NOT NULL DEFAULT 0,     -- 0: no maximum
  ideas_from BIGINT NOT NULL,                  -- each phase runs from its date to the next one's
  costing_from BIGINT NOT NULL,
  shortlist_from BIGINT NOT NULL,
  voting_from BIGINT NOT NULL,
  results_from BIGINT NOT NULL,                -- voting closes here
  delivery_from BIGINT NOT NULL,
  sealed INTEGER NOT NULL DEFAULT 0,           -- the ballots were shuffled for good after the close
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (voting_from < results_from)
);
CREATE INDEX budget_processes_by_locality ON budget_processes (locality_id, voting_from);

CREATE TABLE budget_projects (
  id {{id}},
  process_id BIGINT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  ward_code TEXT NOT NULL DEFAULT '',          -- '' for the whole locality
  cost BIGINT NOT NULL CHECK (cost > 0),
  created_at BIGINT NOT NULL
);
CREATE INDEX budget_projects_by_process ON budget_projects (process_id, id);
