-- The asset register's spatial index on PostgreSQL (SQLite: 002_asset_locations.sqlite.sql).
-- Sites migrated before 2026-12 made it in 001_assets:
-- replaces pg assets/001_assets 1ce4bda112857407e757b9bc4c449c956ef0e018ad5a474fc6896336c6eebf99
CREATE INDEX assets_location ON assets USING gist (point(lon, lat)) WHERE lon IS NOT NULL;
