// `commonweal backup` and `commonweal restore`: one portable file for either engine, taken while the
// site serves and restored into an empty database, which is also how a site moves from SQLite to
// PostgreSQL (backup from one URL, restore into the other).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "app/backup.h"
#include "app/backup_file.h"
#include "app/cli.h"
#include "common/clock.h"

namespace cw::app {
namespace {

struct BackupOptions {
  std::string db = "sqlite:var/commonweal.db";
  std::string file;
};

[[noreturn]] void fail(const std::string& command, const std::string& message, const std::string& after) {
  std::cerr << "commonweal " << command << ": " << message << "\n" << after << "\n";
  throw CLI::RuntimeError(1);
}

void backup(const BackupOptions& o) {
  BackupSummary summary;
  try {
    auto db = store::Db::open(o.db, 2);
    summary = write_backup(*db, o.file, SystemClock().now());
    db->close();
  } catch (const std::exception& e) {
    fail("backup", e.what(), "No backup was written.");
  }
  std::cout << fmt::format("backed up {} tables, {} rows and {} schema versions to {}\n", summary.tables,
                           summary.rows, summary.migrations, o.file);
}

void restore(const BackupOptions& o) {
  RestoreSummary summary;
  try {
    auto db = store::Db::open(o.db, 2);
    summary = restore_backup(o.file, *db);
    db->close();
  } catch (const std::exception& e) {
    fail("restore", e.what(), "Nothing was restored: the database is as it was.");
  }
  std::cout << fmt::format("restored {} tables and {} rows from a backup made {} on {}\n", summary.tables,
                           summary.rows, summary.created_at, summary.source_engine);
  std::cout << fmt::format("audit log intact: {} rows\n", summary.audit_entries);
}

}  // namespace

void add_backup_commands(CLI::App& app) {
  auto b = std::make_shared<BackupOptions>();
  auto* backup_command =
      app.add_subcommand("backup", "Write a consistent copy of the site to one file, while it keeps serving");
  backup_command->add_option("--db", b->db, "Database URL")->envname("COMMONWEAL_DB")->capture_default_str();
  backup_command->add_option("--out", b->file, "The backup file to write (gzip-compressed JSON Lines)")
      ->required();
  backup_command->callback([b] { backup(*b); });

  // No default database: restore writes, so it is only ever pointed somewhere on purpose.
  auto r = std::make_shared<BackupOptions>();
  auto* restore_command =
      app.add_subcommand("restore", "Load a backup into an empty database (SQLite or PostgreSQL)");
  restore_command->add_option("--in", r->file, "The backup file")->required()->check(CLI::ExistingFile);
  restore_command->add_option("--db", r->db, "Database URL of an empty database")
      ->envname("COMMONWEAL_DB")
      ->required();
  restore_command->callback([r] { restore(*r); });
}

}  // namespace cw::app
