// SQLite checkpoints off the writer's path: the checkpointer's thread copies the log into the database
// file while the log goes on growing, the writer copies the last pages so the log starts again (it stays
// bounded), and nothing written is lost or damaged on the way, through close() and reopening.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "store/db.h"
#include "store/sqlite_checkpointer.h"
#include "store/tests/pg_harness.h"

namespace cw::store::testing {
namespace {

namespace fs = std::filesystem;
constexpr std::uintmax_t kPage = 4096, kFrame = kPage + 24;

std::uintmax_t size_of(const std::string& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  return ec ? 0 : size;
}

// One transaction of `pages` rows of about a page each.
void write_pages(Db& db, int pages) {
  in_write(db, [&](Tx& tx) {
    tx.run(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) "
        "INSERT INTO blobs (b) SELECT randomblob(3900) FROM n",
        std::int64_t{pages});
  });
}

std::int64_t rows(Db& db) {
  return in_read(db, [](Tx& tx) { return tx.exec("SELECT COUNT(*) FROM blobs").one().integer(0); });
}

class SqliteCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Db::open(file_.url(), 2);
    in_write(*db_, [](Tx& tx) { tx.exec_script("CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB)"); });
  }
  std::string log() const { return file_.path() + "-wal"; }
  TempSqlite file_;
  std::unique_ptr<Db> db_;
};

TEST_F(SqliteCheckpointerTest, the_thread_copies_the_log_while_it_grows_past_what_sqlite_would_allow) {
  // Past SQLite's own checkpoint point and well short of a restart: only the thread can have copied.
  int written = 0;
  while (size_of(log()) < 3 * SqliteCheckpointer::kPagesPerRound * kFrame &&
         written < SqliteCheckpointer::kPagesBeforeRestart / 2) {
    write_pages(*db_, 40);
    written += 40;
  }
  ASSERT_GE(size_of(log()), 3 * SqliteCheckpointer::kPagesPerRound * kFrame)
      << "the log should grow past the point where SQLite itself would stop the writer to copy it";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (size_of(file_.path()) < SqliteCheckpointer::kPagesPerRound * kPage &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_GE(size_of(file_.path()), SqliteCheckpointer::kPagesPerRound * kPage)
      << "the database file should hold the first round's pages while the log is still being written";
  EXPECT_LT(size_of(log()), SqliteCheckpointer::kPagesBeforeRestart * kFrame);
  EXPECT_EQ(rows(*db_), written);
}

TEST_F(SqliteCheckpointerTest, the_log_starts_again_so_it_stays_bounded_and_every_row_survives) {
  std::uintmax_t largest = 0;
  int written = 0;
  while (written < 3 * SqliteCheckpointer::kPagesBeforeRestart) {
    write_pages(*db_, 40);
    written += 40;
    largest = std::max(largest, size_of(log()));
  }
  // A restart at kPagesBeforeRestart, give or take a round in flight and the last transaction.
  auto bound = (SqliteCheckpointer::kPagesBeforeRestart + SqliteCheckpointer::kPagesPerRound + 200) * kFrame;
  EXPECT_LE(largest, bound) << "the log should start again instead of growing with every write";
  EXPECT_GE(size_of(file_.path()), SqliteCheckpointer::kPagesBeforeRestart * kPage);
  db_.reset();
  auto again = Db::open(file_.url(), 1);
  EXPECT_EQ(rows(*again), written);
  EXPECT_EQ(in_read(*again, [](Tx& tx) { return tx.exec("PRAGMA integrity_check").one().text(0); }), "ok");
}

TEST_F(SqliteCheckpointerTest, close_stops_the_thread_and_writing_goes_on_after_it) {
  for (int i = 0; i < 2 * SqliteCheckpointer::kPagesPerRound / 40; ++i) write_pages(*db_, 40);
  db_->close();
  for (int i = 0; i < 2 * SqliteCheckpointer::kPagesPerRound / 40; ++i) write_pages(*db_, 40);
  EXPECT_EQ(rows(*db_), 4 * SqliteCheckpointer::kPagesPerRound);
}

}  // namespace
}  // namespace cw::store::testing
