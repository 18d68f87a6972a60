-- Cumulative and ranked ballots (budget.h): two more kinds of ballot, and the points a cumulative
-- ballot spreads; and two counting rules of the manifest, the smallest share of the votes a project
-- needs and which of two level projects goes first. PostgreSQL: 005_ballot_types.pg.sql.
-- SQLite cannot change a CHECK constraint in place, and rebuilding budget_processes would delete every
-- row that refers to it (foreign keys are on, and cannot be turned off inside the migration's
-- transaction). So the constraint's text is edited in the schema, as SQLite's documentation allows for
-- changes that leave the stored data valid; the throwaway table makes every connection reload it.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (ballot_type IN (''approval'', ''knapsack''))',
                     'CHECK (ballot_type IN (''approval'', ''knapsack'', ''cumulative'', ''ranked''))')
 WHERE type = 'table' AND name = 'budget_processes';
PRAGMA writable_schema = RESET;
CREATE TABLE budget_schema_reload (x INTEGER);
DROP TABLE budget_schema_reload;
ALTER TABLE budget_processes ADD COLUMN points INTEGER NOT NULL DEFAULT 0;
ALTER TABLE budget_processes ADD COLUMN min_share INTEGER NOT NULL DEFAULT 0;
ALTER TABLE budget_processes ADD COLUMN tie_break TEXT NOT NULL DEFAULT 'file' CHECK (tie_break IN ('file', 'cost'));
