// Keeps SQLite's checkpoints (copying the write-ahead log back into the database file, and syncing both)
// off the writer's path. Left to SQLite, the commit that fills the log to 1,000 pages stops the writer for
// the whole copy and its disk flushes, 5–20 ms under a surge, while every command waits. Here a thread of
// its own copies each 1,000 pages while the writer goes on. Only once the log holds 8,000 pages does the
// writer copy the last few itself, so that all of the log is in the database file and the next commit
// writes the log from its start again: a log that is never wholly copied keeps growing, and writing past
// its end costs every flush a file-system journal commit. Thread-safe.
#pragma once
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace cw::store {

class SqliteCheckpointer {
 public:
  explicit SqliteCheckpointer(std::string database_path);
  ~SqliteCheckpointer();
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

  // The writer connection's WAL hook (sqlite3_wal_hook with this as its argument).
  static int wal_hook(void* checkpointer, sqlite3* writer, const char* schema, int pages_in_log);
  // Waits for a checkpoint in progress and closes the thread's connection; the next full log starts
  // them again.
  void stop();

  // The thread copies whenever this many pages of the log are not yet in the database file.
  static constexpr int kPagesPerRound = 1000;
  // Once the log holds this many pages the writer copies the rest, so that it starts again.
  static constexpr int kPagesBeforeRestart = 8000;
  // ... but only when no more than this many are left, else the thread copies first.
  static constexpr int kPagesLeftForWriter = 128;

 private:
  void after_commit(sqlite3* writer, int pages_in_log);
  void run();

  std::string path_;
  std::mutex mutex_;
  std::condition_variable wanted_changed_;
  bool wanted_ = false, running_ = false, stopping_ = false;
  bool thread_failed_ = false;  // its last round copied nothing, so the writer copies next
  int pages_seen_ = 0;          // in the log at the last commit
  int pages_copied_ = 0;        // of the log as it is now, already in the database file
  std::thread thread_;
};

}  // namespace cw::store
