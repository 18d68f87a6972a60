-- The second factor of people who hold a role: an authenticator app's secret (confirmed_at is NULL while
-- they are still setting it up) and the last time step accepted, so that a code cannot be used twice.
CREATE TABLE second_factors (
  user_id BIGINT PRIMARY KEY REFERENCES users (id),
  secret TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  confirmed_at BIGINT,
  last_step BIGINT NOT NULL DEFAULT 0
);
-- Single-use codes for when the phone is lost, stored hashed like sessions.
CREATE TABLE recovery_codes (
  user_id BIGINT NOT NULL REFERENCES users (id),
  code_hash TEXT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_id, code_hash)
);
-- When the session last passed the second factor: roles work only in a session that has, and granting
-- or removing roles and blocking need it to be recent.
ALTER TABLE sessions ADD COLUMN second_factor_at BIGINT;
