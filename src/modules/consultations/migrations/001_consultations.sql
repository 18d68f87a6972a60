-- Consultations: the council (or an organisation) asks residents a survey between two dates, then
-- publishes what it heard and what it will do ("You said, we did").
-- Written once for both engines ({{id}} is the generated key); sites migrated before 2026-12 ran
-- one file per engine, recognised by their hashes:
-- replaces sqlite consultations/001_consultations a647f5f00f9198e06be83d2a3fe654d4f8ad0985c1c968d794d0a926705280b3
-- replaces pg consultations/001_consultations 66bcce24df6af50d9e6f01d291fc68bff274282882365d1151a4f313f9a3ee59
CREATE TABLE consultations (
  id {{id}},
  locality_id BIGINT NOT NULL REFERENCES localities (id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL DEFAULT 0, -- its organisation admins run it (0: the council)
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',           -- one or two plain sentences for lists
  body TEXT NOT NULL DEFAULT '',              -- Markdown, rendered sanitised
  contact TEXT NOT NULL DEFAULT '',
  starts_at BIGINT NOT NULL,                 -- opens at (UTC microseconds)
  ends_at BIGINT NOT NULL,                   -- closes at: no response is taken from then on
  requires_sign_in INTEGER NOT NULL DEFAULT 0,
  survey TEXT NOT NULL DEFAULT '[]',          -- the questions, as JSON (consultations/survey.h)
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'withdrawn')),
  indexed_status TEXT NOT NULL DEFAULT '',    -- the status site search last saw, so closing reindexes
  outcome TEXT NOT NULL DEFAULT '',           -- "You said, we did", Markdown
  outcome_published_at BIGINT,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  published_at BIGINT,
  CHECK (ends_at > starts_at)
);
CREATE INDEX consultations_by_locality ON consultations (locality_id, status, ends_at);

-- Supporting documents (PDF only, checked by their bytes), as base64 so both engines store them alike.
CREATE TABLE consultation_documents (
  id {{id}},
  consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  filename TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  data_base64 TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX consultation_documents_by_consultation ON consultation_documents (consultation_id, id);

-- One row per response, append-only once submitted. A signed-in person has at most one response
-- (draft or submitted) per consultation: the unique constraint, not an application check, holds it.
-- Anonymous responses have no user (NULLs are distinct in a UNIQUE constraint on both engines).
CREATE TABLE consultation_responses (
  id {{id}},
  consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  user_id BIGINT,
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
  answers TEXT NOT NULL DEFAULT '{}',         -- question id → list of values, as JSON
  postcode TEXT NOT NULL DEFAULT '',          -- optional, for the breakdown by ward and deprivation
  ward_code TEXT,
  imd_decile INTEGER,
  email TEXT NOT NULL DEFAULT '',             -- for the copy of the answers and updates, if asked
  wants_updates INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  submitted_at BIGINT,
  UNIQUE (consultation_id, user_id)
);
CREATE INDEX consultation_responses_by_status ON consultation_responses (consultation_id, status);
