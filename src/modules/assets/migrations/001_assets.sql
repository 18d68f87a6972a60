-- The asset register: every community asset of a locality, hard (buildings, land, open spaces,
-- facilities: a point on the map) and soft (groups, services, skills, networks, event series: one or
-- more wards). The spatial index differs by engine, so it is in 002.
-- Written once for both engines ({{id}} is the generated key); sites migrated before 2026-12 ran
-- one file per engine (with the spatial index in it), recognised by their hashes:
-- replaces sqlite assets/001_assets 774516231d567abd83425799888954c41c5a5f92d7d92ab603bd047474767dd4
-- replaces pg assets/001_assets 1ce4bda112857407e757b9bc4c449c956ef0e018ad5a474fc6896336c6eebf99
CREATE TABLE assets (
  id {{id}},
  locality_id BIGINT NOT NULL REFERENCES localities (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                 -- building, land, open_space, facility, community_group, …
  category TEXT NOT NULL,             -- e.g. library, park, pub (assets/rules.h has the list)
  name TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',   -- one plain sentence for lists
  description TEXT NOT NULL DEFAULT '', -- Markdown, rendered sanitised
  steward TEXT NOT NULL DEFAULT '',   -- who looks after it, as they call themselves
  organisation_id BIGINT NOT NULL DEFAULT 0, -- its organisation admins may edit it (0: none)
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  ward_code TEXT,                     -- a hard asset's ward, from its point; a soft asset's first ward
  address TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  website TEXT NOT NULL DEFAULT '',
  opening_hours TEXT NOT NULL DEFAULT '',
  accessibility TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  last_checked TEXT,                  -- YYYY-MM-DD
  status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'hidden', 'removed')),
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX assets_by_locality ON assets (locality_id, status, name);
CREATE INDEX assets_by_ward ON assets (locality_id, ward_code);

-- The wards a soft asset serves (a hard asset has one row: the ward of its point).
CREATE TABLE asset_wards (
  asset_id BIGINT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  ward_code TEXT NOT NULL,
  PRIMARY KEY (asset_id, ward_code)
);
CREATE INDEX asset_wards_by_ward ON asset_wards (ward_code, asset_id);

-- Photos, re-encoded on upload (no metadata kept), as base64 so both engines store them alike.
CREATE TABLE asset_photos (
  id {{id}},
  asset_id BIGINT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  width BIGINT NOT NULL,
  height BIGINT NOT NULL,
  alt_text TEXT NOT NULL DEFAULT '',
  data_base64 TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX asset_photos_by_asset ON asset_photos (asset_id, id);

-- What changed in the register, newest last: the Atom feed of changes reads it.
CREATE TABLE asset_changes (
  id {{id}},
  locality_id BIGINT NOT NULL,
  asset_id BIGINT NOT NULL,
  change TEXT NOT NULL,               -- added, updated, removed, photo_added, listed, …
  summary TEXT NOT NULL DEFAULT '',
  user_id BIGINT,
  at BIGINT NOT NULL
);
CREATE INDEX asset_changes_by_locality ON asset_changes (locality_id, id);

-- Residents' suggestions of a new asset (asset_id NULL) or a correction, waiting for an officer.
-- `fields` is a JSON object of the proposed values.
CREATE TABLE asset_suggestions (
  id {{id}},
  locality_id BIGINT NOT NULL,
  asset_id BIGINT,
  fields TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  user_id BIGINT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined')),
  decision_note TEXT NOT NULL DEFAULT '',
  decided_by BIGINT,
  created_at BIGINT NOT NULL,
  decided_at BIGINT
);
CREATE INDEX asset_suggestions_open ON asset_suggestions (locality_id, status, id);
