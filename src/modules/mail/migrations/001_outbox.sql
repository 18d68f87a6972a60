-- Mail: the outbox. A message is written here in the same transaction as the action that causes it, so
-- it exists exactly when the action committed; the mail.deliver job sends it later. Its index
-- is in 002.
-- Written once for both engines ({{id}} is the generated key); sites migrated before 2026-12 ran
-- one file per engine, recognised by their hashes:
-- replaces sqlite mail/001_outbox 51ac1498c1678562d26f1009f4cccf37af323b693ce23dda36da0c5bd6d8c273
-- replaces pg mail/001_outbox 65ca4c7bdb92052cb6bf45443e2ba71a4240901bf206df021b919c3538f16e8a
CREATE TABLE outbox (
  id {{id}},
  created_at BIGINT NOT NULL,         -- µs since the epoch (UTC)
  to_address TEXT NOT NULL,           -- one bare address, checked by enqueue_mail
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT,                     -- NULL: plain text only
  list_unsubscribe TEXT,              -- an https URL for List-Unsubscribe (RFC 8058 one-click), or NULL
  kind TEXT NOT NULL,                 -- what caused it, e.g. 'account.confirm'
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0, -- failed delivery attempts so far
  next_attempt_at BIGINT NOT NULL,    -- µs; also moved forward while a sender holds the message
  last_error TEXT,
  sent_at BIGINT
);
