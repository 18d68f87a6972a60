-- Amendments to a budget's counting rules after people have voted (budget.h check_rules_unchanged):
-- what changed, from what to what, and why, published on the budget's page.
CREATE TABLE budget_amendments (
  id {{id}},
  process_id BIGINT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
  changed TEXT NOT NULL,        -- "the pot (£1,000 to £2,000)", as rule_changes words it
  reason TEXT NOT NULL,
  made_by BIGINT,
  made_at BIGINT NOT NULL
);
CREATE INDEX budget_amendments_by_process ON budget_amendments (process_id, made_at);
