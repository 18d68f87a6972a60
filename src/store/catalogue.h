// The tables a database holds, as the engine's own catalogue lists them: columns, primary key, the tables
// its foreign keys point at, and the column that hands out ids. Backup and restore walk it to copy
// every row between engines; names taken from it are the only identifiers spliced into SQL.
// Thread-safety: plain functions over the caller's transaction.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"

namespace cw::store {

struct ColumnInfo {
  std::string name;
  bool binary = false;  // BLOB (SQLite) or bytea (PostgreSQL): its cells are bytes, not text
};

struct TableInfo {
  std::string name;
  std::vector<ColumnInfo> columns;       // in declared order; generated columns left out
  std::vector<std::string> primary_key;  // in key order; empty when the table has none
  std::vector<std::string> references;   // tables its foreign keys point at (itself included), sorted
  std::optional<std::string> identity;   // PostgreSQL: the column whose sequence hands out ids
};

// Every table of the current schema that holds data, sorted by name. Left out: the engine's own tables,
// and on SQLite virtual tables (full-text and R*Tree indexes) with their shadow tables, which are
// derived from other tables and kept by triggers. Generated columns are left out too (PostgreSQL's
// tsvector), since they can only be computed, not written.
std::vector<TableInfo> list_tables(Tx& tx);

// `name` as a double-quoted SQL identifier. REQUIRES: a name read from list_tables, never one from
// outside: identifiers cannot be parameters, so only names the catalogue knows may reach SQL.
std::string quoted_identifier(std::string_view name);

// After rows were inserted with their ids given, makes the next generated id follow the largest one
// present (PostgreSQL: the identity's sequence). Nothing to do on SQLite: an INTEGER PRIMARY KEY takes
// the largest rowid plus one, and SQLite keeps sqlite_sequence for AUTOINCREMENT tables itself.
// REQUIRES: a write transaction.
void restart_generated_ids(Tx& tx, const TableInfo& table);

}  // namespace cw::store
