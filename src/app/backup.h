// Backing up a live site and restoring it, on either engine, through one portable file (backup_file.h):
// how an operator keeps a copy of everything and moves a site from SQLite to PostgreSQL or back.
// Thread-safety: each call uses its own transactions; a backup runs beside a serving site.
#pragma once
#include <cstdint>
#include <string>

#include "common/clock.h"
#include "store/db.h"

namespace cw::app {

struct BackupSummary {
  int tables = 0;
  std::int64_t rows = 0;
  int migrations = 0;  // schema versions recorded in the header
};

// Writes every table of `db` to `path`, read in one snapshot (SQLite: one read transaction on the WAL;
// PostgreSQL: REPEATABLE READ, READ ONLY), so the site keeps serving and writing meanwhile and the file
// holds the database as it was at one instant. Tables come parents first (by their foreign keys) and
// rows in primary-key order, which is the order restore inserts them in. `now` is the time recorded.
// Throws BackupError (or DbError) with the reason; `path` is then left as it was.
BackupSummary write_backup(store::Db& db, const std::string& path, Micros now);

struct RestoreSummary {
  int tables = 0;
  std::int64_t rows = 0;
  std::string source_engine;  // "sqlite" or "postgresql"
  std::string created_at;     // as the header recorded it
  std::int64_t audit_entries = 0;
};

// Loads the backup at `path` into `db`, which must be empty, in one write transaction: builds the schema
// by applying exactly the migrations the backup records, inserts every row with its id, points the id
// generators past the largest id, and checks the audit log's chain. Any failure rolls everything back.
// Throws BackupError when the database is not empty, the backup's schema is newer than this build, the
// file is damaged or incomplete, or the audit log does not verify; DbError when a row does not fit.
RestoreSummary restore_backup(const std::string& path, store::Db& db);

}  // namespace cw::app
