-- Mail safety on PostgreSQL (SQLite: 003_mail_safety.sqlite.sql): the outbox also records mail it
-- skipped (status 'skipped' and why) and whose it is (recipient, the lowercased address the daily cap
-- counts by).
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
  CHECK (status IN ('pending', 'sent', 'failed', 'skipped'));
ALTER TABLE outbox ADD COLUMN recipient TEXT NOT NULL DEFAULT '';
UPDATE outbox SET recipient = lower(to_address);
ALTER TABLE outbox ADD COLUMN account_critical INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN skip_reason TEXT;
-- The cap and the once-a-day rule count one address's mail of the last day on every enqueue.
CREATE INDEX outbox_by_recipient ON outbox (recipient, created_at);
-- Retention prunes finished mail by age.
CREATE INDEX outbox_by_age ON outbox (created_at);
