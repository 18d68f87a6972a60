-- The asset register's spatial index on SQLite (PostgreSQL: 002_asset_locations.pg.sql).
-- Sites migrated before 2026-12 made it in 001_assets:
-- replaces sqlite assets/001_assets 774516231d567abd83425799888954c41c5a5f92d7d92ab603bd047474767dd4
-- Spatial index of every asset with a point, kept by triggers. R*Tree coordinates are 32-bit floats
-- rounded outwards, so a bbox query checks the exact lat/lon as well.
CREATE VIRTUAL TABLE assets_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat);
CREATE TRIGGER assets_rtree_insert AFTER INSERT ON assets WHEN new.lon IS NOT NULL BEGIN
  INSERT INTO assets_rtree VALUES (new.id, new.lon, new.lon, new.lat, new.lat);
END;
CREATE TRIGGER assets_rtree_update AFTER UPDATE OF lat, lon ON assets BEGIN
  DELETE FROM assets_rtree WHERE id = old.id;
  INSERT INTO assets_rtree SELECT new.id, new.lon, new.lon, new.lat, new.lat WHERE new.lon IS NOT NULL;
END;
CREATE TRIGGER assets_rtree_delete AFTER DELETE ON assets BEGIN
  DELETE FROM assets_rtree WHERE id = old.id;
END;
