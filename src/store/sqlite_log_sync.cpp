#include "store/sqlite_log_sync.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "store/db.h"

namespace cw::store {

// Shared by the committers flushing through it, so a replaced log is closed only after its last flush.
struct SqliteLogSync::OpenLog {
  int fd = -1;
  ino_t ino = 0;
  ~OpenLog() {
    if (fd >= 0) ::close(fd);
  }
};

SqliteLogSync::SqliteLogSync(std::string database_path) : log_path_(std::move(database_path) + "-wal") {}

// The log as it is now. SQLite deletes it when its last connection closes, after copying every frame into
// the database file and syncing that, and makes a new one on the next write; so a log that is gone or
// has been replaced holds nothing of ours that is not already safe, and we follow the new one.
// Holds mutex_.
std::shared_ptr<const SqliteLogSync::OpenLog> SqliteLogSync::log_file() {
  struct stat now {};
  if (::stat(log_path_.c_str(), &now) != 0) {
    if (errno == ENOENT) return nullptr;
    throw DbError(fmt::format("cannot read {}: {}", log_path_, std::strerror(errno)));
  }
  if (open_ && open_->ino == now.st_ino) return open_;
  auto log = std::make_shared<OpenLog>();
  log->fd = ::open(log_path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (log->fd < 0) {
    if (errno == ENOENT) return nullptr;
    throw DbError(fmt::format("cannot open {}: {}", log_path_, std::strerror(errno)));
  }
  log->ino = now.st_ino;
  open_ = log;
  return open_;
}

std::uint64_t SqliteLogSync::committed() {
  std::lock_guard lock(mutex_);
  return ++committed_;
}

void SqliteLogSync::flush(std::uint64_t ticket) {
  std::unique_lock lock(mutex_);
  while (flushed_ < ticket) {
    if (flushing_) {
      flushed_changed_.wait(lock);
      continue;
    }
    flushing_ = true;
    auto covers = committed_;
    std::shared_ptr<const OpenLog> log;
    int failure = 0;
    try {
      log = log_file();
    } catch (...) {
      flushing_ = false;
      flushed_changed_.notify_all();
      throw;
    }
    lock.unlock();
    if (log && ::fdatasync(log->fd) != 0) failure = errno;
    lock.lock();
    flushing_ = false;
    flushed_changed_.notify_all();
    if (failure)
      throw DbError(fmt::format("the commit was written but could not be made durable ({}): {}", log_path_,
                                std::strerror(failure)));
    flushed_ = covers;
  }
}

}  // namespace cw::store
