-- Mail: the outbox. A message is written here in the same transaction as the action that causes it, so
-- it exists exactly when the action committed; the mail.deliver job sends it later. The only dialect
-- difference from 001_outbox.pg.sql is how outbox.id is generated; the index is portable (002).
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
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
