-- A closed process's count, made once when voting closes (sealing the ballot box in the same
-- transaction) and read by every results page and download: the Pabulib file that was counted, and the
-- outcome with its explanation as JSON (results.h, explain.h).
CREATE TABLE budget_results (
  process_id BIGINT PRIMARY KEY REFERENCES budget_processes (id) ON DELETE CASCADE,
  pabulib TEXT NOT NULL,
  outcome TEXT NOT NULL,
  counted_at BIGINT NOT NULL
);

-- How far signed-in people got with the ballot, for the drop-out figures of the fairness report:
-- "opened" the ballot, had one "refused". Voting itself is the ballot box's register. Personal data:
-- removed with the account.
CREATE TABLE budget_vote_steps (
  process_id BIGINT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  step TEXT NOT NULL CHECK (step IN ('opened', 'refused')),
  ward_code TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL,
  PRIMARY KEY (process_id, user_id, step)
);
