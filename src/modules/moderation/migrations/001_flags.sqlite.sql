-- Readers' reports of something public a person wrote. One row per report; a piece of content is in the
-- queue while it has open reports.
CREATE TABLE moderation_flags (
  id INTEGER PRIMARY KEY,
  content_kind TEXT NOT NULL,
  content_id TEXT NOT NULL,
  locality_id INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  reporter_user_id INTEGER,
  reporter_ip_prefix TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  closed_at INTEGER
);
CREATE INDEX moderation_flags_open ON moderation_flags (closed_at, locality_id, content_kind, content_id);

-- Every decision a moderator takes, with the standard reason given to the author.
CREATE TABLE moderation_decisions (
  id INTEGER PRIMARY KEY,
  content_kind TEXT NOT NULL,
  content_id TEXT NOT NULL,
  moderator_user_id INTEGER NOT NULL,
  decision TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  decided_at INTEGER NOT NULL
);
CREATE INDEX moderation_decisions_by_content ON moderation_decisions (content_kind, content_id);
