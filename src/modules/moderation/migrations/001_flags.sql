-- Readers' reports of something public a person wrote. One row per report; a piece of content is in the
-- queue while it has open reports.
-- Written once for both engines ({{id}} is the generated key); sites migrated before 2026-12 ran
-- one file per engine, recognised by their hashes:
-- replaces sqlite moderation/001_flags a7bddd7a6c9209504c406cb81dc05e02adf36e2218e64ea1e3d9e05b811f8983
-- replaces pg moderation/001_flags 7d7819895cd044a6af7a112f38a45e2e4f58263505ea0fe741122e4ac83b37bd
CREATE TABLE moderation_flags (
  id {{id}},
  content_kind TEXT NOT NULL,
  content_id TEXT NOT NULL,
  locality_id BIGINT NOT NULL DEFAULT 0,
  reason TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  reporter_user_id BIGINT,
  reporter_ip_prefix TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  closed_at BIGINT
);
CREATE INDEX moderation_flags_open ON moderation_flags (closed_at, locality_id, content_kind, content_id);

-- Every decision a moderator takes, with the standard reason given to the author.
CREATE TABLE moderation_decisions (
  id {{id}},
  content_kind TEXT NOT NULL,
  content_id TEXT NOT NULL,
  moderator_user_id BIGINT NOT NULL,
  decision TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  decided_at BIGINT NOT NULL
);
CREATE INDEX moderation_decisions_by_content ON moderation_decisions (content_kind, content_id);
