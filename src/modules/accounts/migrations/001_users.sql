-- People with an account. email is NULL once an account is deleted (the row stays so that counts and
-- public contributions keep a stable, anonymous author).
-- Written once for both engines ({{id}} is the generated key); sites migrated before 2026-12 ran
-- one file per engine, recognised by their hashes:
-- replaces sqlite accounts/001_users a09d1adf9e595daeda4ecaa94b008382461fdb9cbe692503785a2a21b05e52f5
-- replaces pg accounts/001_users cfdc5c1e2b4437d078cab5c24997bfad8d05e89dab78e6fbb56186bb4327532a
CREATE TABLE users (
  id {{id}},
  email TEXT UNIQUE,
  email_confirmed_at BIGINT,
  password_hash TEXT,
  display_name TEXT,
  postcode TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'deleted')),
  created_at BIGINT NOT NULL,
  deleted_at BIGINT
);
