// Planner statistics kept up with a table that fills fast: on PostgreSQL a table that has grown past the
// threshold since its last ANALYZE is analyzed (the planner then knows its size), a small one is not;
// on SQLite nothing is done.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "store/db.h"
#include "store/statistics.h"
#include "store/tests/pg_harness.h"

namespace cw::store::testing {
namespace {

// Rows numbered after `after`.
void fill(Db& db, std::int64_t after, std::int64_t rows) {
  in_write(db, [&](Tx& tx) {
    tx.run(
        "INSERT INTO items (n) SELECT $1 + i FROM (WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
        "FROM s WHERE i < $2) SELECT i FROM s) AS numbers",
        after, rows);
  });
}

// The server's counters trail commits by about a second.
std::int64_t changed_since_analyze(Db& db, std::int64_t at_least) {
  std::int64_t changed = 0;
  for (int i = 0; i < 200; ++i) {
    changed = in_read(db, [](Tx& tx) {
      auto r = tx.exec("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'items'");
      return r.empty() ? 0 : r.rows.front().integer(0);
    });
    if (changed >= at_least) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return changed;
}

std::int64_t planner_rows(Db& db) {
  return static_cast<std::int64_t>(in_read(db, [](Tx& tx) {
    return tx.exec("SELECT reltuples FROM pg_class WHERE relname = 'items'").one().real(0);
  }));
}

TEST(Statistics, a_table_that_has_filled_since_its_last_analyze_is_analyzed_on_postgresql) {
  auto db = Db::open(TempPostgres::shared().fresh_database_url(), 2);
  in_write(*db, [](Tx& tx) { tx.exec_script("CREATE TABLE items (n BIGINT PRIMARY KEY)"); });
  fill(*db, 0, 20);
  ASSERT_GE(changed_since_analyze(*db, 20), 20);
  EXPECT_FALSE(analyze_if_grown(*db, "items")) << "too small to matter";
  fill(*db, 20, 5000);
  ASSERT_GE(changed_since_analyze(*db, 5020), 5020);
  EXPECT_LT(planner_rows(*db), 1000) << "never analyzed yet";
  EXPECT_TRUE(analyze_if_grown(*db, "items"));
  EXPECT_GE(planner_rows(*db), 4000);
  EXPECT_THROW(analyze_if_grown(*db, "items; DROP TABLE items"), std::invalid_argument);
}

TEST(Statistics, sqlite_needs_nothing) {
  TempSqlite file;
  auto db = Db::open(file.url(), 1);
  in_write(*db, [](Tx& tx) { tx.exec_script("CREATE TABLE items (n BIGINT PRIMARY KEY)"); });
  EXPECT_FALSE(analyze_if_grown(*db, "items"));
}

}  // namespace
}  // namespace cw::store::testing
