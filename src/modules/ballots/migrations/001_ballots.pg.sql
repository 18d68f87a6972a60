-- Secret ballots, shared by every vote that must be secret (participatory budgets, board elections).
-- Who has voted and what the ballots say live in two tables with nothing to join them: the register
-- knows the voter and not the ballot; the ballot knows its box and not the voter, nor any time.
-- PostgreSQL keeps rows in the order written (ctid) with the writing transaction (xmin): casting
-- a ballot rewrites random others in the same transaction, and sealing the box after the close
-- writes every ballot again in random order (ballot_box.h), so neither dates a ballot.
CREATE TABLE ballot_voters (
  box TEXT NOT NULL,                -- which vote: "budgeting/12"
  voter_id BIGINT NOT NULL,         -- the account
  voted_at BIGINT NOT NULL,         -- for the voter's own activity page; ballots carry no time
  PRIMARY KEY (box, voter_id)       -- one ballot per person: the constraint, not an application check
);
CREATE TABLE ballots (
  box TEXT NOT NULL,
  id TEXT NOT NULL,                 -- random, and drawn again whenever the box is mixed
  content TEXT NOT NULL,            -- what the ballot says, in the form its vote defines
  receipt_hash TEXT NOT NULL,       -- SHA-256 of the receipt code only the voter was shown
  PRIMARY KEY (box, id)
);
CREATE UNIQUE INDEX ballots_by_receipt ON ballots (box, receipt_hash);
