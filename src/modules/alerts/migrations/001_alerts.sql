-- Email alerts: people (no account needed) who asked for a digest of new petitions and consultations in
-- their ward or postcode. Only hashes of the mailed tokens are kept. What is kept and for how long is in
-- docs/privacy.md.
-- Written once for both engines ({{id}} is the generated key); sites migrated before 2026-12 ran
-- one file per engine, recognised by their hashes:
-- replaces sqlite alerts/001_alerts 71cf139d25d9335ca66e274b53485d2e41df161905e89f347dc3e8ccbf5850a4
-- replaces pg alerts/001_alerts c22f18eb444da21ba848aa5f032cad17838531c0de092a3b86f28f178617ea70
CREATE TABLE alert_subscriptions (
  id {{id}},
  email TEXT NOT NULL,
  locality_id BIGINT NOT NULL,
  postcode TEXT NOT NULL DEFAULT '',  -- normalised, when they gave one
  ward_code TEXT,                     -- the ward they follow; NULL for the whole locality
  frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly')),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed')),
  created_at BIGINT NOT NULL,
  confirmed_at BIGINT,
  last_digest_at BIGINT              -- the end of the last window a digest covered (first: confirmed_at)
);
CREATE INDEX alert_subscriptions_due ON alert_subscriptions (status, frequency, last_digest_at);
CREATE INDEX alert_subscriptions_by_email ON alert_subscriptions (email);

-- The topics followed (none: all topics).
CREATE TABLE alert_subscription_topics (
  subscription_id BIGINT NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  PRIMARY KEY (subscription_id, topic)
);

-- Single-use confirmation links and the unsubscribe links in each digest, by the hash of the token.
CREATE TABLE alert_tokens (
  token_hash TEXT PRIMARY KEY,
  subscription_id BIGINT NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'unsubscribe')),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX alert_tokens_by_subscription ON alert_tokens (subscription_id);

-- Each digest mailed, and what it carried: an item goes to a subscriber once.
CREATE TABLE alert_digests (
  id {{id}},
  subscription_id BIGINT NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
  window_start BIGINT NOT NULL,
  window_end BIGINT NOT NULL,
  mail_id BIGINT NOT NULL,
  items BIGINT NOT NULL,
  sent_at BIGINT NOT NULL,
  UNIQUE (subscription_id, window_end)
);
CREATE TABLE alert_digest_items (
  subscription_id BIGINT NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  digest_id BIGINT NOT NULL REFERENCES alert_digests (id) ON DELETE CASCADE,
  PRIMARY KEY (subscription_id, kind, ref)
);
