#include "store/sqlite_checkpointer.h"

#include <pthread.h>
#include <sqlite3.h>

namespace cw::store {

namespace {

// Copies what it can of the log without waiting for anyone: how many of the log's pages are now in the
// database file, or -1 when it failed (busy, or the disk said no).
int copy_log(sqlite3* db) {
  int in_log = 0, copied = -1;
  if (sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &in_log, &copied) != SQLITE_OK)
    return -1;
  return copied;
}

// A connection that has read the database, so that it knows the log is there: until then a checkpoint
// on it does nothing.
sqlite3* open_connection(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) == SQLITE_OK &&
      sqlite3_exec(db, "SELECT COUNT(*) FROM sqlite_schema", nullptr, nullptr, nullptr) == SQLITE_OK)
    return db;
  sqlite3_close_v2(db);
  return nullptr;
}

}  // namespace

SqliteCheckpointer::SqliteCheckpointer(std::string database_path) : path_(std::move(database_path)) {}

SqliteCheckpointer::~SqliteCheckpointer() {
  stop();
}

int SqliteCheckpointer::wal_hook(void* checkpointer, sqlite3* writer, const char*, int pages_in_log) {
  // The commit has happened whatever this returns; an error here would only make COMMIT report one.
  static_cast<SqliteCheckpointer*>(checkpointer)->after_commit(writer, pages_in_log);
  return SQLITE_OK;
}

// A log with more than kPagesLeftForWriter to copy is the thread's; that covers every full round too.
static_assert(SqliteCheckpointer::kPagesLeftForWriter < SqliteCheckpointer::kPagesPerRound);

// Holding the writer, just after a commit.
void SqliteCheckpointer::after_commit(sqlite3* writer, int pages_in_log) {
  std::unique_lock lock(mutex_);
  if (pages_in_log < pages_seen_) pages_copied_ = 0;  // the log has started again from its beginning
  pages_seen_ = pages_in_log;
  if (wanted_ || running_) return;
  int left = pages_in_log - pages_copied_;
  bool restart_due = pages_in_log >= kPagesBeforeRestart;
  if (left < kPagesPerRound && !restart_due) return;
  bool by_thread = left > kPagesLeftForWriter && !stopping_ && !thread_failed_;
  if (by_thread && !thread_.joinable()) {
    try {
      thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "cw-checkpoint");  // as ps, top and perf show it
        run();
      });
    } catch (const std::system_error&) {
      by_thread = false;  // no thread to be had: the writer copies, as SQLite itself would
    }
  }
  if (by_thread) {
    wanted_ = true;
    wanted_changed_.notify_one();
    return;
  }
  thread_failed_ = false;
  lock.unlock();
  // Not copied: the next commit tries again, as SQLite's own checkpoint does.
  int copied = copy_log(writer);
  if (copied < 0) return;
  lock.lock();
  pages_copied_ = copied;
}

void SqliteCheckpointer::run() {
  sqlite3* db = nullptr;
  std::unique_lock lock(mutex_);
  for (;;) {
    wanted_changed_.wait(lock, [&] { return wanted_ || stopping_; });
    if (stopping_) break;
    wanted_ = false;
    running_ = true;
    lock.unlock();
    if (!db) db = open_connection(path_);
    int copied = db ? copy_log(db) : -1;
    lock.lock();
    running_ = false;
    // A round that failed leaves the next checkpoint to the writer, so the log cannot grow for ever.
    if (copied >= 0)
      pages_copied_ = copied;
    else
      thread_failed_ = true;
  }
  lock.unlock();
  sqlite3_close_v2(db);
}

void SqliteCheckpointer::stop() {
  std::thread running;
  {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) return;
    stopping_ = true;
    running = std::move(thread_);
  }
  wanted_changed_.notify_all();
  running.join();
  std::lock_guard lock(mutex_);
  stopping_ = false;
  wanted_ = false;
}

}  // namespace cw::store
