-- The Community Right to Bid (Localism Act 2011 Part 5 Chapter 3; Assets of Community Value (England)
-- Regulations 2012): nominations and the council's decisions, owners' reviews, notices of intended
-- disposal and the groups that asked to bid, compensation claims, followers, and the reminders sent.
-- Dates are civil dates 'YYYY-MM-DD' as received; every deadline is computed from them and the periods
-- below (community_value/rules.h), so none is stored.
-- Written once for both engines ({{id}} is the generated key); sites migrated before 2026-12 ran
-- one file per engine, as migration 010_community_value of the asset register, recognised by their hashes:
-- replaces sqlite assets/010_community_value fe22f155ed0a2d5893402cc5ef3f22c315d7e9084359668548d0bddc9f38ea85
-- replaces pg assets/010_community_value c6a492c53a17a6d332286fc87091738edb018e68a82e6040a93bcee0bee10065

-- How long each statutory period lasts. Locality 0 holds the defaults every locality uses until its
-- admin sets its own: periods are data because the law changes (a 12-month full moratorium has been
-- proposed).
CREATE TABLE community_value_periods (
  locality_id BIGINT NOT NULL,       -- 0: the default for every locality
  period TEXT NOT NULL,               -- decision, listing, review_request, …
  amount BIGINT NOT NULL CHECK (amount > 0 AND amount <= 1000),
  unit TEXT NOT NULL CHECK (unit IN ('days', 'weeks', 'months', 'years')),
  PRIMARY KEY (locality_id, period)
);
INSERT INTO community_value_periods (locality_id, period, amount, unit) VALUES
  (0, 'decision', 8, 'weeks'),
  (0, 'listing', 5, 'years'),
  (0, 'review_request', 8, 'weeks'),
  (0, 'review_decision', 8, 'weeks'),
  (0, 'interim_moratorium', 6, 'weeks'),
  (0, 'full_moratorium', 6, 'months'),
  (0, 'protected_period', 18, 'months'),
  (0, 'compensation_claim', 13, 'weeks'),
  (0, 'reminder_lead', 14, 'days');

-- Where a locality's reminders to officers go: the council's community right to bid mailbox.
CREATE TABLE community_value_teams (
  locality_id BIGINT PRIMARY KEY REFERENCES localities (id) ON DELETE CASCADE,
  officer_email TEXT NOT NULL DEFAULT ''
);

CREATE TABLE community_value_cases (
  id {{id}},
  locality_id BIGINT NOT NULL REFERENCES localities (id) ON DELETE CASCADE,
  asset_id BIGINT REFERENCES assets (id) ON DELETE SET NULL,
  -- What the nomination must contain (reg 6).
  asset_name TEXT NOT NULL,
  address TEXT NOT NULL,
  description TEXT NOT NULL,
  boundaries TEXT NOT NULL,
  owners TEXT NOT NULL,               -- owners and occupiers with their addresses, as far as known
  owner_email TEXT NOT NULL DEFAULT '', -- where notices go by mail as well as by post
  reasons TEXT NOT NULL,              -- how its use furthers the community's social wellbeing
  body_name TEXT NOT NULL,
  body_type TEXT NOT NULL,            -- rules.cpp body_types()
  local_members BIGINT,              -- an unincorporated group's members on the electoral roll
  eligibility TEXT NOT NULL,
  nominated_by BIGINT,               -- the signed-in person who sent it for the body
  status TEXT NOT NULL DEFAULT 'nominated' CHECK (status IN ('nominated', 'listed', 'not_listed', 'removed')),
  received_on TEXT NOT NULL,
  decided_on TEXT,
  decision_reasons TEXT NOT NULL DEFAULT '',
  review_requested_on TEXT,
  review_grounds TEXT NOT NULL DEFAULT '',
  review_decided_on TEXT,
  review_reasons TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX community_value_cases_by_locality ON community_value_cases (locality_id, status, received_on);
CREATE INDEX community_value_cases_by_asset ON community_value_cases (asset_id);

-- Owners' notices of intended disposal (s95(2)). Whether one starts a moratorium is decided when it is
-- recorded and kept, so a later change of periods cannot undo a moratorium already running.
CREATE TABLE community_value_notices (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES community_value_cases (id) ON DELETE CASCADE,
  received_on TEXT NOT NULL,
  starts_moratorium BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX community_value_notices_by_case ON community_value_notices (case_id, received_on);

-- Community interest groups that asked in writing to be treated as potential bidders (s95(3)).
CREATE TABLE community_value_bidders (
  id {{id}},
  notice_id BIGINT NOT NULL REFERENCES community_value_notices (id) ON DELETE CASCADE,
  group_name TEXT NOT NULL,
  received_on TEXT NOT NULL,
  recorded_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX community_value_bidders_by_notice ON community_value_bidders (notice_id);

-- Owners' claims for loss or expense caused by the listing (reg 14), money in pence.
CREATE TABLE community_value_claims (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES community_value_cases (id) ON DELETE CASCADE,
  claimant TEXT NOT NULL,
  loss_on TEXT NOT NULL,
  received_on TEXT NOT NULL,
  amount_pence BIGINT NOT NULL CHECK (amount_pence >= 0),
  details TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX community_value_claims_by_case ON community_value_claims (case_id);

-- People who asked to be told when a case moves.
CREATE TABLE community_value_followers (
  case_id BIGINT NOT NULL REFERENCES community_value_cases (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (case_id, user_id)
);

-- Reminders already sent: the key makes sending one twice impossible, whoever runs the job.
CREATE TABLE community_value_reminders (
  case_id BIGINT NOT NULL REFERENCES community_value_cases (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  due_on TEXT NOT NULL,
  sent_at BIGINT NOT NULL,
  PRIMARY KEY (case_id, kind, due_on)
);
