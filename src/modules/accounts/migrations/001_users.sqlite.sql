-- People with an account. email is NULL once an account is deleted (the row stays so that counts and
-- public contributions keep a stable, anonymous author).
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT UNIQUE,
  email_confirmed_at INTEGER,
  password_hash TEXT,
  display_name TEXT,
  postcode TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'deleted')),
  created_at INTEGER NOT NULL,
  deleted_at INTEGER
);
