-- Audit: the end of the chain. Appending starts by incrementing seq in this one row, which locks it
-- until the appending transaction ends, so appenders on several connections queue here and each links
-- to the row committed before it. verify also checks the log ends where the head says, so removing the
-- newest rows shows. The starting hash is the genesis value (64 zeros) the first row links to.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
