// For module tests: a fresh database on either real engine with the named modules' migrations applied,
// so each store test can run on SQLite and PostgreSQL alike.
#pragma once
#include <initializer_list>
#include <memory>

#include "modules/module.h"
#include "store/migrate.h"
#include "store/tests/pg_harness.h"

namespace cw::modules::testing {

// A file in `sqlite`'s temporary folder, or a new database on the harness's PostgreSQL; then the
// migrations of `names`, in that order (a module after those its tables refer to).
inline std::unique_ptr<store::Db> migrated_db(store::Engine engine, const store::testing::TempSqlite& sqlite,
                                              std::initializer_list<const char*> names) {
  auto url = engine == store::Engine::sqlite ? sqlite.url()
                                             : store::testing::TempPostgres::shared().fresh_database_url();
  auto db = store::Db::open(url, 2);
  std::vector<store::Migration> all;
  for (const char* name : names) {
    auto mine = module_migrations(name, db->engine());
    all.insert(all.end(), mine.begin(), mine.end());
  }
  store::migrate(*db, all);
  return db;
}

}  // namespace cw::modules::testing
