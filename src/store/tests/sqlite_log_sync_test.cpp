// SQLite commits whose log is flushed after the writer is handed on: the writer runs synchronous=NORMAL
// and every commit is still flushed before it is reported; flushes from many committers share one
// fdatasync; a log that SQLite has removed (every frame already in the database file) needs no flush.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "store/db.h"
#include "store/sqlite_log_sync.h"
#include "store/tests/pg_harness.h"

namespace cw::store::testing {
namespace {

TEST(SqliteLogSync, the_writer_leaves_the_flush_to_the_committer_and_the_commit_lands) {
  TempSqlite file;
  auto db = Db::open(file.url(), 2);
  in_write(*db, [](Tx& tx) { tx.exec_script("CREATE TABLE items (n BIGINT PRIMARY KEY)"); });
  Tx tx = db->write();
  EXPECT_EQ(tx.exec("PRAGMA synchronous").one().integer(0), 1);  // NORMAL: COMMIT does not flush
  tx.run("INSERT INTO items (n) VALUES (1)");
  auto flush = tx.commit_leaving_flush();
  ASSERT_TRUE(flush) << "a SQLite commit must hand back its flush";
  // The writer is free before the flush: another transaction can commit meanwhile.
  in_write(*db, [](Tx& t) { t.run("INSERT INTO items (n) VALUES (2)"); });
  flush();
  EXPECT_TRUE(std::filesystem::exists(file.path() + "-wal"));
  db.reset();
  auto again = Db::open(file.url(), 1);
  EXPECT_EQ(in_read(*again, [](Tx& t) { return t.exec("SELECT COUNT(*) FROM items").one().integer(0); }), 2);
}

TEST(SqliteLogSync, many_committers_flush_and_none_is_left_waiting) {
  TempSqlite file;
  auto db = Db::open(file.url(), 2);
  in_write(*db, [](Tx& tx) { tx.exec_script("CREATE TABLE items (n BIGINT PRIMARY KEY)"); });
  SqliteLogSync sync(file.path());
  std::atomic<int> flushed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        sync.flush(sync.committed());
        ++flushed;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(flushed.load(), 300);
}

TEST(SqliteLogSync, a_log_that_is_gone_needs_no_flush) {
  TempSqlite file;
  SqliteLogSync sync(file.path());  // no database, so no log, yet
  EXPECT_NO_THROW(sync.flush(sync.committed()));
  {
    auto db = Db::open(file.url(), 1);
    in_write(*db, [](Tx& tx) { tx.exec_script("CREATE TABLE items (n BIGINT PRIMARY KEY)"); });
    EXPECT_NO_THROW(sync.flush(sync.committed()));
  }
  // Closing the last connection copied the log into the database and removed it.
  EXPECT_FALSE(std::filesystem::exists(file.path() + "-wal"));
  EXPECT_NO_THROW(sync.flush(sync.committed()));
}

}  // namespace
}  // namespace cw::store::testing
