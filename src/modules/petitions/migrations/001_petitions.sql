-- E-petitions: each locality's settings, the petitions, their signatures (append-only rows: a signature
-- is confirmed or invalidated in its own row, and no counter row is ever updated per signature), the
-- counts folded from them by the tally job, flags for moderators and the mail-outs to signers.
-- Written once for both engines ({{id}} is the generated key); sites migrated before 2026-12 ran
-- one file per engine, recognised by their hashes:
-- replaces sqlite petitions/001_petitions d3ca8f20f4b15abdb62f7f8878c2d7d013c9d84eb11b22e4069b72f5d166ebb0
-- replaces pg petitions/001_petitions e0b2d4330d687763e3974c41e917d22d492de8426e8c6f080c6f05766548e7e5

CREATE TABLE petition_settings (
  locality_id BIGINT PRIMARY KEY REFERENCES localities (id) ON DELETE CASCADE,
  sponsors_required INTEGER NOT NULL DEFAULT 5,
  open_months INTEGER NOT NULL DEFAULT 6,
  response_threshold BIGINT NOT NULL DEFAULT 500,
  debate_threshold BIGINT NOT NULL DEFAULT 2500,
  names_per_email INTEGER NOT NULL DEFAULT 3,
  mailbox TEXT NOT NULL DEFAULT ''
);

CREATE TABLE petitions (
  id {{id}},
  locality_id BIGINT NOT NULL REFERENCES localities (id) ON DELETE CASCADE,
  action TEXT NOT NULL,
  background TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '',
  topic TEXT NOT NULL DEFAULT '',
  ward_code TEXT NOT NULL DEFAULT '',          -- the ward it is about; '' for the whole area
  state TEXT NOT NULL DEFAULT 'pending',
  creator_name TEXT NOT NULL,
  creator_email TEXT NOT NULL,
  creator_user_id BIGINT,
  sponsor_token TEXT NOT NULL UNIQUE,          -- the link the creator shares with supporters
  rejection_code TEXT NOT NULL DEFAULT '',
  rejection_details TEXT NOT NULL DEFAULT '',
  moderation_note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  validated_at BIGINT,
  sponsored_at BIGINT,
  opened_at BIGINT,
  closes_at BIGINT,
  closed_at BIGINT,
  moderated_at BIGINT,
  response_reached_at BIGINT,
  debate_reached_at BIGINT,
  response_text TEXT NOT NULL DEFAULT '',
  responded_at BIGINT,
  debate_on TEXT NOT NULL DEFAULT '',          -- the meeting's date, YYYY-MM-DD
  debate_outcome TEXT NOT NULL DEFAULT '',
  debated_at BIGINT,
  signature_count BIGINT NOT NULL DEFAULT 0,   -- folded by the tally job, a few seconds behind
  tallied_at BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
CREATE INDEX petitions_by_state ON petitions (locality_id, state, signature_count);

CREATE TABLE petition_signatures (
  id {{id}},
  petition_id BIGINT NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
  role TEXT NOT NULL DEFAULT 'signer',         -- creator, sponsor, signer
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,                      -- canonical_name
  email TEXT NOT NULL,                         -- as typed, for mail
  email_key TEXT NOT NULL,                     -- canonical_signer_email
  postcode TEXT NOT NULL,
  ward_code TEXT NOT NULL DEFAULT '',
  imd_decile INTEGER NOT NULL DEFAULT 0,       -- 0: not known
  notify INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'pending',       -- pending, confirmed, invalid
  suspect INTEGER NOT NULL DEFAULT 0,
  suspect_reason TEXT NOT NULL DEFAULT '',
  token_hash TEXT NOT NULL UNIQUE,
  network TEXT NOT NULL DEFAULT '',            -- audit::ip_prefix of the address it came from
  created_at BIGINT NOT NULL,
  confirmed_at BIGINT,
  UNIQUE (petition_id, email_key, name_key)
);
-- The tally job's GROUP BY reads this index alone.
CREATE INDEX petition_signatures_tally ON petition_signatures (petition_id, state, suspect, ward_code, imd_decile);
CREATE INDEX petition_signatures_by_email ON petition_signatures (petition_id, email_key);
CREATE INDEX petition_signatures_recent ON petition_signatures (confirmed_at);

CREATE TABLE petition_tallies (
  petition_id BIGINT NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
  ward_code TEXT NOT NULL,
  imd_decile INTEGER NOT NULL,
  signatures BIGINT NOT NULL,
  PRIMARY KEY (petition_id, ward_code, imd_decile)
);

CREATE TABLE petition_flags (
  id {{id}},
  petition_id BIGINT NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                          -- burst, suspect
  detail TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  cleared_at BIGINT
);

-- Mail to every signer who asked for news, sent by a job in batches so a response to 100,000 signers
-- does not make one enormous transaction.
CREATE TABLE petition_mailouts (
  id {{id}},
  petition_id BIGINT NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                          -- response, debate, closed
  after_signature_id BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  done_at BIGINT
);
