-- Jobs: when each background job last started, on which app server, and how many runs it has had on
-- all of them. Servers sharing one PostgreSQL read it before running a job, so a job runs once per
-- period between them (modules/jobs/claims.h). On SQLite, with its single server, it stays empty.
CREATE TABLE job_runs (
  name TEXT PRIMARY KEY,          -- the job, e.g. 'petitions.tally'
  started_at BIGINT NOT NULL,     -- µs since the epoch (UTC), by the database's clock
  server TEXT NOT NULL,           -- 'host pid 1234'
  runs BIGINT NOT NULL DEFAULT 0  -- runs recorded since the table was made
);
