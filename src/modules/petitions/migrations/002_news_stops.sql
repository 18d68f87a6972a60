-- One-click "stop emails about this petition": each mail-out to a signer carries a new link whose token's
-- hash is kept here, so every link a signer has ever been sent keeps working.
CREATE TABLE petition_news_tokens (
  token_hash TEXT PRIMARY KEY,
  signature_id BIGINT NOT NULL REFERENCES petition_signatures (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL
);
CREATE INDEX petition_news_tokens_by_signature ON petition_news_tokens (signature_id);
