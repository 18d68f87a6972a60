-- The site-wide search index (modules/search/index.h): one row per public thing people look for, written
-- by the module that owns it in the same transaction as the change. Full text through an FTS5
-- external-content table kept in step by triggers; wards and topics in side tables so filters are joins.
-- The only dialect differences from 001_search.pg.sql are the generated id and the full-text index.
CREATE TABLE search_documents (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,                 -- petition, consultation, asset, …
  ref TEXT NOT NULL,                  -- the item's id within its kind
  locality_id INTEGER NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT '',
  status_label TEXT NOT NULL DEFAULT '',
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  published_at INTEGER NOT NULL,
  closes_at INTEGER,
  UNIQUE (kind, ref),
  CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX search_documents_by_locality ON search_documents (locality_id, kind, status);
CREATE INDEX search_documents_by_published ON search_documents (locality_id, published_at);

CREATE VIRTUAL TABLE search_fts USING fts5 (
  title, summary, body,
  content = 'search_documents', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER search_fts_insert AFTER INSERT ON search_documents BEGIN
  INSERT INTO search_fts (rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body);
END;
CREATE TRIGGER search_fts_update AFTER UPDATE ON search_documents BEGIN
  INSERT INTO search_fts (search_fts, rowid, title, summary, body)
    VALUES ('delete', old.id, old.title, old.summary, old.body);
  INSERT INTO search_fts (rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body);
END;
CREATE TRIGGER search_fts_delete AFTER DELETE ON search_documents BEGIN
  INSERT INTO search_fts (search_fts, rowid, title, summary, body)
    VALUES ('delete', old.id, old.title, old.summary, old.body);
END;

-- The wards a document concerns (none: the whole locality) and its topics (slugs from topics.h).
CREATE TABLE search_document_wards (
  document_id INTEGER NOT NULL REFERENCES search_documents (id) ON DELETE CASCADE,
  ward_code TEXT NOT NULL,
  PRIMARY KEY (document_id, ward_code)
);
CREATE INDEX search_document_wards_by_ward ON search_document_wards (ward_code, document_id);
CREATE TABLE search_document_topics (
  document_id INTEGER NOT NULL REFERENCES search_documents (id) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  PRIMARY KEY (document_id, topic)
);
CREATE INDEX search_document_topics_by_topic ON search_document_topics (topic, document_id);
