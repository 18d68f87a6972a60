-- Email alerts: people (no account needed) who asked for a digest of new petitions and consultations in
-- their ward or postcode. Only hashes of the mailed tokens are kept. What is kept and for how long is in
-- docs/privacy.md. The only dialect differences from 001_alerts.pg.sql are the generated ids.
CREATE TABLE alert_subscriptions (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  locality_id INTEGER NOT NULL,
  postcode TEXT NOT NULL DEFAULT '',  -- normalised, when they gave one
  ward_code TEXT,                     -- the ward they follow; NULL for the whole locality
  frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly')),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed')),
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  last_digest_at INTEGER              -- the end of the last window a digest covered (first: confirmed_at)
);
CREATE INDEX alert_subscriptions_due ON alert_subscriptions (status, frequency, last_digest_at);
CREATE INDEX alert_subscriptions_by_email ON alert_subscriptions (email);

-- The topics followed (none: all topics).
CREATE TABLE alert_subscription_topics (
  subscription_id INTEGER NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  PRIMARY KEY (subscription_id, topic)
);

-- Single-use confirmation links and the unsubscribe links in each digest, by the hash of the token.
CREATE TABLE alert_tokens (
  token_hash TEXT PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'unsubscribe')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX alert_tokens_by_subscription ON alert_tokens (subscription_id);

-- Each digest mailed, and what it carried: an item goes to a subscriber once.
CREATE TABLE alert_digests (
  id INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
  window_start INTEGER NOT NULL,
  window_end INTEGER NOT NULL,
  mail_id INTEGER NOT NULL,
  items INTEGER NOT NULL,
  sent_at INTEGER NOT NULL,
  UNIQUE (subscription_id, window_end)
);
CREATE TABLE alert_digest_items (
  subscription_id INTEGER NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  digest_id INTEGER NOT NULL REFERENCES alert_digests (id) ON DELETE CASCADE,
  PRIMARY KEY (subscription_id, kind, ref)
);
