// Applies numbered SQL migrations, module by module, recording each in `schema_migrations` with a hash of
// its text. Each file runs in its own transaction. Refuses to run when an applied file has changed.
#pragma once
#include <string>
#include <vector>

#include "store/db.h"

namespace cw::store {

// A migration file: module "places", name "001_places.sql". `sql` is the portable text; the runner
// picks `NNN_x.sqlite.sql` / `NNN_x.pg.sql` variants where a module ships them (see from_files).
struct Migration {
  std::string module;
  std::string name;  // e.g. "001_places" (the dialect suffix removed)
  std::string sql;
};

struct MigrateReport {
  std::vector<std::string> applied;  // "module/name" in order
  int already = 0;
};

// Builds a module's migration list from files named NNN_what.sql, NNN_what.sqlite.sql, NNN_what.pg.sql,
// choosing the variant for `engine`. Files are given as (filename, content).
std::vector<Migration> migrations_from_files(const std::string& module, Engine engine,
                                             const std::vector<std::pair<std::string, std::string>>& files);

// Applies what is missing, in the given order. Throws DbError naming the file on any failure (that
// file's transaction is rolled back; earlier files stay applied) or when an applied file changed.
MigrateReport migrate(Db& db, const std::vector<Migration>& migrations);

}  // namespace cw::store
