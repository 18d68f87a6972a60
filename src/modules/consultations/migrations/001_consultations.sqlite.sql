-- Consultations: the council (or an organisation) asks residents a survey between two dates, then
-- publishes what it heard and what it will do ("You said, we did"). The only dialect differences from
-- 001_consultations.pg.sql are the generated ids.
CREATE TABLE consultations (
  id INTEGER PRIMARY KEY,
  locality_id INTEGER NOT NULL REFERENCES localities (id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL DEFAULT 0, -- its organisation admins run it (0: the council)
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',           -- one or two plain sentences for lists
  body TEXT NOT NULL DEFAULT '',              -- Markdown, rendered sanitised
  contact TEXT NOT NULL DEFAULT '',
  starts_at INTEGER NOT NULL,                 -- opens at (UTC microseconds)
  ends_at INTEGER NOT NULL,                   -- closes at: no response is taken from then on
  requires_sign_in INTEGER NOT NULL DEFAULT 0,
  survey TEXT NOT NULL DEFAULT '[]',          -- the questions, as JSON (consultations/survey.h)
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'withdrawn')),
  indexed_status TEXT NOT NULL DEFAULT '',    -- the status site search last saw, so closing reindexes
  outcome TEXT NOT NULL DEFAULT '',           -- "You said, we did", Markdown
  outcome_published_at INTEGER,
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  published_at INTEGER,
  CHECK (ends_at > starts_at)
);
CREATE INDEX consultations_by_locality ON consultations (locality_id, status, ends_at);

-- Supporting documents (PDF only, checked by their bytes), as base64 so both engines store them alike.
CREATE TABLE consultation_documents (
  id INTEGER PRIMARY KEY,
  consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  filename TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  data_base64 TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX consultation_documents_by_consultation ON consultation_documents (consultation_id, id);

-- One row per response, append-only once submitted. A signed-in person has at most one response
-- (draft or submitted) per consultation: the unique constraint, not an application check, holds it.
-- Anonymous responses have no user (NULLs are distinct in a UNIQUE constraint on both engines).
CREATE TABLE consultation_responses (
  id INTEGER PRIMARY KEY,
  consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  user_id INTEGER,
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
  answers TEXT NOT NULL DEFAULT '{}',         -- question id → list of values, as JSON
  postcode TEXT NOT NULL DEFAULT '',          -- optional, for the breakdown by ward and deprivation
  ward_code TEXT,
  imd_decile INTEGER,
  email TEXT NOT NULL DEFAULT '',             -- for the copy of the answers and updates, if asked
  wants_updates INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  submitted_at INTEGER,
  UNIQUE (consultation_id, user_id)
);
CREATE INDEX consultation_responses_by_status ON consultation_responses (consultation_id, status);
