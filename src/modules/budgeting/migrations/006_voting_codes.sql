-- One-time voting codes and paper ballots (voting_codes.h). A code lets one person vote once, online or
-- on paper: it stands in the secret ballot box's register as voter -id, so a code that has voted either
-- way cannot vote the other. Only a fingerprint of each code is kept; the codes are printed once.
CREATE TABLE budget_codes (
  id {{id}},
  process_id BIGINT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,      -- ballots::receipt_hash of the code
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX budget_codes_by_hash ON budget_codes (process_id, code_hash);

-- A paper ballot as each officer typed it in, until two officers' entries agree: then it is cast and
-- every entry for its code is deleted, so what a code's holder voted is kept nowhere. Entries left
-- when voting closes are never counted and are deleted at the close.
CREATE TABLE budget_paper_entries (
  code_id BIGINT NOT NULL REFERENCES budget_codes (id) ON DELETE CASCADE,
  entered_by BIGINT NOT NULL,   -- the officer; one entry each, replaced if they enter it again
  content TEXT NOT NULL,        -- as the ballot box keeps it (budget.h)
  entered_at BIGINT NOT NULL,
  PRIMARY KEY (code_id, entered_by)
);
