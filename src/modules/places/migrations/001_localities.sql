-- Places: the localities (councils) an install serves; the other places tables are in 002.
-- Written once for both engines ({{id}} is the generated key); sites migrated before 2026-12 ran
-- one file per engine, recognised by their hashes:
-- replaces sqlite places/001_localities af69cd708c568e5be8619c2c3349253be0246f0829dfb891f496ca44f249b26d
-- replaces pg places/001_localities dee7ae52d28d9826b92115af784b2bae6cfa41cdf5a44cfc79f99e669f726eaf
CREATE TABLE localities (
  id {{id}},
  code TEXT NOT NULL UNIQUE,          -- ONS/GSS local authority code, e.g. E09000029
  name TEXT NOT NULL,
  attribution TEXT NOT NULL DEFAULT ''
);
