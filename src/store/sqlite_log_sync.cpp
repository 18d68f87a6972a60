#include "store/sqlite_log_sync.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>

#include <fmt/format.h>

#include "store/db.h"

namespace cw::store {

SqliteLogSync::SqliteLogSync(std::string database_path) : log_path_(std::move(database_path) + "-wal") {}

SqliteLogSync::~SqliteLogSync() {
  if (fd_ >= 0) ::close(fd_);
}

// The log as it is now, or -1 when there is none. SQLite deletes it when its last connection closes,
// after copying every frame into the database file and syncing that, and makes a new one on the next
// write; so a log that is gone or has been replaced holds nothing of ours that is not already safe, and
// we follow the new one. Called only by the running flush.
int SqliteLogSync::log_file() {
  struct stat now {};
  if (::stat(log_path_.c_str(), &now) != 0) {
    if (errno == ENOENT) return -1;
    throw DbError(fmt::format("cannot read {}: {}", log_path_, std::strerror(errno)));
  }
  if (fd_ >= 0 && ino_ == now.st_ino) return fd_;
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(log_path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    if (errno == ENOENT) return -1;
    throw DbError(fmt::format("cannot open {}: {}", log_path_, std::strerror(errno)));
  }
  ino_ = now.st_ino;
  return fd_;
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
    lock.unlock();
    int failure = 0;
    std::exception_ptr unreadable;
    try {
      int fd = log_file();
      if (fd >= 0 && ::fdatasync(fd) != 0) failure = errno;
    } catch (...) {
      unreadable = std::current_exception();
    }
    lock.lock();
    flushing_ = false;
    flushed_changed_.notify_all();
    if (unreadable) std::rethrow_exception(unreadable);
    if (failure)
      throw DbError(fmt::format("the commit was written but could not be made durable ({}): {}", log_path_,
                                std::strerror(failure)),
                    DbError::Cause::unavailable);
    flushed_ = covers;
  }
}

}  // namespace cw::store
