-- Mail safety on SQLite (PostgreSQL: 003_mail_safety.pg.sql): the outbox also records mail it skipped
-- (status 'skipped' and why) and whose it is (recipient, the lowercased address the daily cap counts
-- by). SQLite cannot change a CHECK constraint in place, so the table is rebuilt; nothing refers to it.
CREATE TABLE outbox_new (
  id {{id}},
  created_at BIGINT NOT NULL,
  to_address TEXT NOT NULL,
  recipient TEXT NOT NULL DEFAULT '',  -- lower(to_address): what the cap and suppression match
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,             -- emptied once sent, and never kept for skipped mail
  html_body TEXT,
  list_unsubscribe TEXT,
  kind TEXT NOT NULL,
  account_critical INTEGER NOT NULL DEFAULT 0,  -- sign-in and password mail: never suppressed or capped
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  skip_reason TEXT,                    -- 'suppressed', 'daily cap' or 'repeat' when skipped
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  sent_at BIGINT
);
INSERT INTO outbox_new (id, created_at, to_address, recipient, subject, text_body, html_body,
                        list_unsubscribe, kind, status, attempts, next_attempt_at, last_error, sent_at)
  SELECT id, created_at, to_address, lower(to_address), subject, text_body, html_body, list_unsubscribe,
         kind, status, attempts, next_attempt_at, last_error, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
-- The cap and the once-a-day rule count one address's mail of the last day on every enqueue.
CREATE INDEX outbox_by_recipient ON outbox (recipient, created_at);
-- Retention prunes finished mail by age.
CREATE INDEX outbox_by_age ON outbox (created_at);
