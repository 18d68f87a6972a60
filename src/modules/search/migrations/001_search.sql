-- The site-wide search index (modules/search/index.h): one row per public thing people look for, written
-- by the module that owns it in the same transaction as the change; wards and topics in side tables so
-- filters are joins. Full text differs by engine, so it is in 002.
-- Written once for both engines ({{id}} is the generated key); sites migrated before 2026-12 ran
-- one file per engine (with the full-text index in it), recognised by their hashes:
-- replaces sqlite search/001_search 0c77850182cd67e462603180dc768ee5a365a31de101f031d9ca00676e90416b
-- replaces pg search/001_search 12a91ae6e03f2004a64d12b923bc8d6bc766533b8ff26159d5826c93c69b18c6
CREATE TABLE search_documents (
  id {{id}},
  kind TEXT NOT NULL,                 -- petition, consultation, asset, …
  ref TEXT NOT NULL,                  -- the item's id within its kind
  locality_id BIGINT NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT '',
  status_label TEXT NOT NULL DEFAULT '',
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  published_at BIGINT NOT NULL,
  closes_at BIGINT,
  UNIQUE (kind, ref),
  CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX search_documents_by_locality ON search_documents (locality_id, kind, status);
CREATE INDEX search_documents_by_published ON search_documents (locality_id, published_at);

-- The wards a document concerns (none: the whole locality) and its topics (slugs from topics.h).
CREATE TABLE search_document_wards (
  document_id BIGINT NOT NULL REFERENCES search_documents (id) ON DELETE CASCADE,
  ward_code TEXT NOT NULL,
  PRIMARY KEY (document_id, ward_code)
);
CREATE INDEX search_document_wards_by_ward ON search_document_wards (ward_code, document_id);
CREATE TABLE search_document_topics (
  document_id BIGINT NOT NULL REFERENCES search_documents (id) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  PRIMARY KEY (document_id, topic)
);
CREATE INDEX search_document_topics_by_topic ON search_document_topics (topic, document_id);
