// Readers and writers on several threads, snapshots, the connection pools and close(), on both engines.
#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "store/tests/fixture.h"

namespace cw::store::testing {
namespace {

using namespace std::chrono_literals;

class ConcurrencyTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    in_write(*db_, [](Tx& tx) {
      tx.exec_script(
          "CREATE TABLE items (n BIGINT PRIMARY KEY); CREATE TABLE counter (n BIGINT NOT NULL);"
          "INSERT INTO counter (n) VALUES (0)");
    });
  }
};
CW_STORE_ENGINES(ConcurrencyTest);

TEST_P(ConcurrencyTest, ReadersRunWhileAWriterWrites) {
  constexpr int kRows = 150;
  std::atomic<bool> done{false};
  std::atomic<int> reads{0}, errors{0};
  std::thread writer([&] {
    for (int i = 0; i < kRows; ++i)
      in_write(*db_, [&](Tx& tx) { tx.run("INSERT INTO items (n) VALUES ($1)", i); });
    done = true;
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      std::int64_t last = 0;
      while (!done) {
        try {
          auto [n, max] = in_read(*db_, [](Tx& tx) {
            const Row& row = tx.exec("SELECT COUNT(*), COALESCE(MAX(n), -1) FROM items").one();
            return std::pair{row.integer(0), row.integer(1)};
          });
          // Each insert commits alone, so a reader sees a prefix 0…n-1, never less than before.
          if (n < last || max != n - 1) ++errors;
          last = n;
          ++reads;
        } catch (const std::exception&) {
          ++errors;
        }
      }
    });
  }
  writer.join();
  for (auto& t : readers) t.join();
  EXPECT_EQ(errors, 0);
  EXPECT_GT(reads, 0);
  EXPECT_EQ(count("items"), kRows);
}

TEST_P(ConcurrencyTest, ConcurrentWritesAreNotLost) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 30; ++i) in_write(*db_, [](Tx& tx) { tx.exec("UPDATE counter SET n = n + 1"); });
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(in_read(*db_, [](Tx& tx) { return tx.exec("SELECT n FROM counter").one().integer(0); }), 90);
}

TEST_P(ConcurrencyTest, ReaderSeesOneSnapshotFromItsFirstStatement) {
  auto reader = db_->read();
  EXPECT_EQ(reader.exec("SELECT COUNT(*) FROM items").one().integer(0), 0);
  in_write(*db_, [](Tx& tx) { tx.run("INSERT INTO items (n) VALUES ($1)", 1); });
  EXPECT_EQ(reader.exec("SELECT COUNT(*) FROM items").one().integer(0), 0);
  EXPECT_EQ(count("items"), 1);  // a new read transaction sees the commit
}

TEST_P(ConcurrencyTest, ReadersShareThePoolInParallel) {
  std::vector<Tx> open;
  for (int i = 0; i < 4; ++i) {
    open.push_back(db_->read());
    open.back().exec("SELECT 1");
  }
  auto busy = db_->pool_stats();
  EXPECT_EQ(busy.in_use, 4);
  EXPECT_GE(busy.connections, 4);
  open.clear();
  auto idle = db_->pool_stats();
  EXPECT_EQ(idle.in_use, 0);
  // Capped at the pool size (SQLite also counts its one writer connection).
  EXPECT_LE(idle.connections, GetParam() == Engine::sqlite ? 5 : 4);
}

TEST_P(ConcurrencyTest, FullPoolWaitsForAConnectionToComeBack) {
  auto small = reopen(1);
  auto held = small->read();
  held.exec("SELECT 1");
  auto waiting = std::async(std::launch::async, [&] {
    return in_read(*small, [](Tx& tx) { return tx.exec("SELECT COUNT(*) FROM items").one().integer(0); });
  });
  EXPECT_EQ(waiting.wait_for(200ms), std::future_status::timeout);
  { Tx done = std::move(held); }
  EXPECT_EQ(waiting.get(), 0);
  EXPECT_EQ(small->pool_stats().in_use, 0);
}

TEST_P(ConcurrencyTest, CloseDropsIdleConnectionsAndTheDbStillWorks) {
  auto open = db_->read();
  open.exec("SELECT 1");
  { auto other = db_->read(); }
  db_->close();
  EXPECT_EQ(db_->pool_stats().connections, 1);                             // only the one still in use
  EXPECT_EQ(open.exec("SELECT COUNT(*) FROM items").one().integer(0), 0);  // an open Tx finishes normally
  { Tx finished = std::move(open); }
  EXPECT_EQ(db_->pool_stats().connections, 0);
  in_write(*db_, [](Tx& tx) { tx.run("INSERT INTO items (n) VALUES ($1)", 5); });
  EXPECT_EQ(count("items"), 1);
}

TEST(PostgresPool, BrokenConnectionIsDroppedNotReused) {
  auto db = Db::open(TempPostgres::shared().fresh_database_url(), 2);
  {
    auto tx = db->write();
    EXPECT_THROW(tx.exec("SELECT pg_terminate_backend(pg_backend_pid())"), DbError);
  }
  EXPECT_EQ(db->pool_stats().connections, 0);
  EXPECT_EQ(in_read(*db, [](Tx& tx) { return tx.exec("SELECT 1").one().integer(0); }), 1);
  EXPECT_EQ(db->pool_stats().connections, 1);
}

}  // namespace
}  // namespace cw::store::testing
