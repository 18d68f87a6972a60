-- Full text on SQLite (PostgreSQL: 002_search_text.pg.sql): an FTS5 external-content table over
-- search_documents, kept in step by triggers. Sites migrated before 2026-12 made it in 001_search:
-- replaces sqlite search/001_search 0c77850182cd67e462603180dc768ee5a365a31de101f031d9ca00676e90416b
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
