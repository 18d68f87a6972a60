-- Full text on PostgreSQL (SQLite: 002_search_text.sqlite.sql): a generated tsvector column (English
-- stemming, title weighted above summary above body) with a GIN index. Sites migrated before 2026-12
-- made it in 001_search:
-- replaces pg search/001_search 12a91ae6e03f2004a64d12b923bc8d6bc766533b8ff26159d5826c93c69b18c6
ALTER TABLE search_documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', title), 'A') ||
  setweight(to_tsvector('english', summary), 'B') ||
  setweight(to_tsvector('english', body), 'C')) STORED;
CREATE INDEX search_documents_fts ON search_documents USING gin (search_vector);
