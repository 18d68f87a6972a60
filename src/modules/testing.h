// For module tests: a fresh database on either real engine with the named modules' migrations applied,
// so each store test can run on SQLite and PostgreSQL alike. The first database for a list of modules is
// migrated and kept as a template; every later one is a copy of it (a file copy on SQLite, CREATE
// DATABASE … TEMPLATE on PostgreSQL), because migrating every module for every test was most of the
// module tests' time. Thread-safety: call from the test thread.
#pragma once
#include <filesystem>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>

#include "html/views.h"
#include "modules/command.h"
#include "modules/module.h"
#include "store/migrate.h"
#include "store/tests/pg_harness.h"

namespace cw::modules::testing {

namespace detail {

inline std::unique_ptr<store::Db> open_migrated(const std::string& url,
                                                std::initializer_list<const char*> names) {
  auto db = store::Db::open(url, 2);
  std::vector<store::Migration> all;
  for (const char* name : names) {
    auto mine = module_migrations(name, db->engine());
    all.insert(all.end(), mine.begin(), mine.end());
  }
  store::migrate(*db, all);
  return db;
}

// Where the template for (engine, modules) lives: a SQLite file path or a PostgreSQL URL.
inline std::string template_for(store::Engine engine, std::initializer_list<const char*> names) {
  static std::map<std::string, std::string> templates;
  static store::testing::TempSqlite sqlite_templates_dir;
  std::string key = engine == store::Engine::sqlite ? "sqlite" : "pg";
  for (const char* n : names) key += std::string(" ") + n;
  auto found = templates.find(key);
  if (found != templates.end()) return found->second;
  std::string where;
  if (engine == store::Engine::sqlite) {
    where = sqlite_templates_dir.path() + "." + std::to_string(templates.size());
    open_migrated("sqlite:" + where, names)->close();
  } else {
    where = store::testing::TempPostgres::shared().fresh_database_url();
    open_migrated(where, names)->close();
  }
  return templates[key] = where;
}

}  // namespace detail

// A file in `sqlite`'s temporary folder, or a new database on the harness's PostgreSQL; then the
// migrations of `names`, in that order (a module after those its tables refer to).
inline std::unique_ptr<store::Db> migrated_db(store::Engine engine, const store::testing::TempSqlite& sqlite,
                                              std::initializer_list<const char*> names) {
  auto source = detail::template_for(engine, names);
  std::string url;
  if (engine == store::Engine::sqlite) {
    std::filesystem::copy_file(source, sqlite.path(), std::filesystem::copy_options::overwrite_existing);
    if (std::filesystem::exists(source + "-wal"))
      std::filesystem::copy_file(source + "-wal", sqlite.path() + "-wal",
                                 std::filesystem::copy_options::overwrite_existing);
    url = sqlite.url();
  } else {
    url = store::testing::TempPostgres::shared().copy_database_url(source);
  }
  return store::Db::open(url, 2);
}

// The base of a module's service tests, run on both engines: a database migrated for the named
// modules (open), the process's views, and what such tests otherwise each write again.
class ServiceTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void open(std::initializer_list<const char*> names) { db_ = migrated_db(GetParam(), sqlite_, names); }
  template <typename F>
  auto write(F&& f) {
    return store::in_write(*db_, std::forward<F>(f));
  }
  std::int64_t count(const std::string& sql) {
    return store::in_read(*db_, [&](store::Tx& tx) { return tx.run(sql).one().integer(0); });
  }
  // `actor` acting at `now` from a documentation address, with mail links to https://cw.example.
  Command command(const Actor& actor, Micros now) const {
    return {&actor, views_, "https://cw.example", "203.0.113.9", now};
  }
  static std::int64_t insert_locality(store::Tx& tx, const char* code, const char* name) {
    return tx.run("INSERT INTO localities (code, name) VALUES ($1, $2) RETURNING id", code, name)
        .one()
        .integer(0);
  }

  store::testing::TempSqlite sqlite_;
  std::unique_ptr<store::Db> db_;
  const html::Views& views_ = html::shared_views();
};

}  // namespace cw::modules::testing
