-- Places: the localities (councils) an install serves. The only dialect difference from
-- 001_localities.pg.sql is how localities.id is generated; every other places table is portable (002).
CREATE TABLE localities (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,          -- ONS/GSS local authority code, e.g. E09000029
  name TEXT NOT NULL,
  attribution TEXT NOT NULL DEFAULT ''
);
