-- Written once for both engines (the outbox changes before it, 003, differ by engine).
-- Addresses that get no mail but account-critical mail: added by their owner from the link in a mail's
-- footer, or by an operator for a bounce (commonweal mail suppress).
CREATE TABLE mail_suppressions (
  address TEXT PRIMARY KEY,  -- lowercased
  reason TEXT NOT NULL,      -- 'requested' or 'bounced'
  created_at BIGINT NOT NULL
);
-- The "stop these emails" link's token for each address that has been sent a mail with one. Random and
-- kept as is: it can only stop mail to that address, and one stable link per address keeps every mail's
-- link working after the outbox row is pruned.
CREATE TABLE mail_stop_tokens (
  token TEXT PRIMARY KEY,
  address TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);
