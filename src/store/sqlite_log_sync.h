// Makes SQLite commits durable after the writer's turn instead of inside it. The writer connection runs
// with synchronous=NORMAL, so COMMIT only writes its frames to the write-ahead log; the committer then
// waits, once the writer is free, for a flush of the log (fdatasync) that started after its COMMIT, and
// only then reports the commit. One flush runs at a time and covers every commit written before it
// began, so while it runs the next transactions go on, and the flush after it covers them all.
// Thread-safe.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

namespace cw::store {

class SqliteLogSync {
 public:
  explicit SqliteLogSync(std::string database_path);
  ~SqliteLogSync();
  SqliteLogSync(const SqliteLogSync&) = delete;
  SqliteLogSync& operator=(const SqliteLogSync&) = delete;

  // Call right after a COMMIT succeeds, still holding the writer: the commit's place in the log.
  std::uint64_t committed();
  // Returns once the commit `ticket` is on disk. Throws DbError when the disk says no.
  void flush(std::uint64_t ticket);

 private:
  int log_file();

  std::string log_path_;
  std::mutex mutex_;  // guards the counts and flushing_
  std::condition_variable flushed_changed_;
  std::uint64_t committed_ = 0, flushed_ = 0;
  bool flushing_ = false;
  // The open log, used only by the one flush running (flushing_), so it needs no lock of its own.
  int fd_ = -1;
  unsigned long ino_ = 0;
};

}  // namespace cw::store
