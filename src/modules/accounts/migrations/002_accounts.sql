-- Sessions live in the database so any app server can serve any request. The cookie holds a random
-- value; only its hash is stored, so a copy of the database cannot be used to sign in.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ended_at BIGINT,
  ip_prefix TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Single-use links sent by mail: confirm an address, reset a password, accept an invitation. Stored
-- hashed, like sessions.
CREATE TABLE account_tokens (
  token_hash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset', 'change_email', 'invite')),
  user_id BIGINT REFERENCES users (id),
  email TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT '',
  locality_id BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX account_tokens_by_user ON account_tokens (user_id);

-- Roles held. 0 in locality_id or organisation_id means "not limited to one" (NULLs would defeat the
-- primary key on both engines).
CREATE TABLE role_grants (
  user_id BIGINT NOT NULL REFERENCES users (id),
  role TEXT NOT NULL,
  locality_id BIGINT NOT NULL DEFAULT 0,
  organisation_id BIGINT NOT NULL DEFAULT 0,
  granted_by BIGINT,
  granted_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, role, locality_id, organisation_id)
);

-- Failed sign-ins per account and per IP address, for growing delays and locks.
CREATE TABLE sign_in_throttle (
  throttle_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start BIGINT NOT NULL,
  last_failure_at BIGINT NOT NULL,
  locked_until BIGINT NOT NULL DEFAULT 0
);

-- Secrets shared by every app server of a site (the CSRF signing key), made on first use.
CREATE TABLE site_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
