-- The chain head as published once a day on /transparency and its Atom feed. Copies of these rows kept
-- outside the database (feed readers, archives) show whether the log was rewritten after that day.
CREATE TABLE audit_anchors (
  day TEXT PRIMARY KEY,        -- 'YYYY-MM-DD', UTC
  seq BIGINT NOT NULL,         -- the newest entry's id then (0: the log was empty)
  hash TEXT NOT NULL,          -- its hash
  published_at BIGINT NOT NULL
);
