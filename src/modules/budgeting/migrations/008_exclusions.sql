-- Two more parts of the rules manifest (budget.h): the comparison step of the Method of Equal Shares and
-- a minimum age that voters declare. And projects the organisers exclude after the count, each with the
-- reason published beside the count by the rules and the published outcome (results.h).
ALTER TABLE budget_processes ADD COLUMN comparison INTEGER NOT NULL DEFAULT 0;
ALTER TABLE budget_processes ADD COLUMN min_age INTEGER NOT NULL DEFAULT 0;
CREATE TABLE budget_exclusions (
  process_id BIGINT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
  project_id BIGINT NOT NULL REFERENCES budget_projects (id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  made_by BIGINT,
  made_at BIGINT NOT NULL,
  PRIMARY KEY (process_id, project_id)
);
