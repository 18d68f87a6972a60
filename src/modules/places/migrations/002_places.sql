-- Places: wards, LSOAs with deprivation, and postcodes of each locality (portable SQL).
-- Every place-scoped table leads its key with locality_id, so data for one council stays together
-- and can be sharded by it later.
CREATE TABLE wards (
  locality_id BIGINT NOT NULL REFERENCES localities (id) ON DELETE CASCADE,
  code TEXT NOT NULL,                 -- GSS ward code, e.g. E05013754
  name TEXT NOT NULL,
  geometry TEXT NOT NULL,             -- GeoJSON geometry (WGS84, [lon, lat])
  min_lon DOUBLE PRECISION NOT NULL,
  min_lat DOUBLE PRECISION NOT NULL,
  max_lon DOUBLE PRECISION NOT NULL,
  max_lat DOUBLE PRECISION NOT NULL,
  centroid_lat DOUBLE PRECISION,
  centroid_lon DOUBLE PRECISION,
  PRIMARY KEY (locality_id, code)
);

CREATE TABLE lsoas (
  locality_id BIGINT NOT NULL REFERENCES localities (id) ON DELETE CASCADE,
  code TEXT NOT NULL,                 -- 2011 LSOA code, e.g. E01004076 (IMD 2019 is published for these)
  name TEXT NOT NULL,
  imd_rank INTEGER CHECK (imd_rank >= 1),
  imd_decile INTEGER CHECK (imd_decile BETWEEN 1 AND 10),
  ward_code TEXT,                     -- best fit: the ward holding most of the LSOA's postcodes
  geometry TEXT,
  PRIMARY KEY (locality_id, code)
);
CREATE INDEX lsoas_by_ward ON lsoas (locality_id, ward_code);

CREATE TABLE postcodes (
  locality_id BIGINT NOT NULL REFERENCES localities (id) ON DELETE CASCADE,
  postcode TEXT NOT NULL,             -- normalised: upper case, one space, e.g. "SM1 1EA"
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  ward_code TEXT,
  lsoa_code TEXT,
  PRIMARY KEY (locality_id, postcode)
);
CREATE INDEX postcodes_by_ward ON postcodes (locality_id, ward_code);
CREATE INDEX postcodes_by_lsoa ON postcodes (locality_id, lsoa_code);
