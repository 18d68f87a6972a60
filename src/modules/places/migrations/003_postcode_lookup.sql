-- Postcodes by themselves: a lookup knows the postcode but not the locality, and the primary key leads
-- with locality_id, so without this index every lookup scanned the whole table (~360 µs for the demo's
-- 3,856 postcodes on SQLite, growing with every locality imported).
CREATE INDEX postcodes_by_postcode ON postcodes (postcode);
