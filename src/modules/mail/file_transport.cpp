#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "modules/mail/transport.h"

namespace cw::mail {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw std::runtime_error(fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

// Writes and flushes to disk, so a crash after the rename cannot leave an empty or partial file.
void write_file_synced(const std::string& path, const std::string& data) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) fail("cannot create", path);
  std::size_t done = 0;
  while (done < data.size()) {
    const auto n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      errno = saved;
      fail("cannot write", path);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    fail("cannot flush", path);
  }
  if (::close(fd) != 0) fail("cannot close", path);
}

}  // namespace

FileTransport::FileTransport(std::string dir, Mailbox from)
    : Transport(std::move(from)), dir_(std::move(dir)) {}

void FileTransport::send(const Envelope& e) {
  std::filesystem::create_directories(dir_);
  const auto final_path = fmt::format("{}/{}.eml", dir_, e.outbox_id);
  // The pid keeps two senders (app servers sharing the folder) from writing the same temporary file;
  // the leading dot keeps readers that list *.eml from seeing it half-written.
  const auto temp_path = fmt::format("{}/.{}.{}.tmp", dir_, e.outbox_id, ::getpid());
  write_file_synced(temp_path, e.data);
  if (std::rename(temp_path.c_str(), final_path.c_str()) != 0) {
    const int saved = errno;
    std::remove(temp_path.c_str());
    errno = saved;
    fail("cannot rename to", final_path);
  }
}

}  // namespace cw::mail
