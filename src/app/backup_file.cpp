#include "app/backup_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <boost/locale/utf.hpp>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "common/encoding.h"

namespace cw::app {

namespace {

constexpr std::size_t kReadChunk = 1 << 16;

bool is_utf8(std::string_view s) {
  using Utf8 = boost::locale::utf::utf_traits<char>;
  for (auto p = s.begin(); p != s.end();) {
    auto c = Utf8::decode(p, s.end());
    if (c == boost::locale::utf::illegal || c == boost::locale::utf::incomplete) return false;
  }
  return true;
}

std::string from_base64(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    throw BackupError("a base64 cell is not valid base64");
  out.resize(length);
  return out;
}

// Makes what was written to `path` survive a power cut: the file's bytes, or a directory's entries.
void flush_to_disk(const std::string& path, const std::string& what) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) {
    int error = errno;
    if (fd >= 0) ::close(fd);
    throw BackupError(fmt::format("cannot flush {} {} to disk: {}", what, path, std::strerror(error)));
  }
  ::close(fd);
}

}  // namespace

std::string engine_word(store::Engine engine) {
  return engine == store::Engine::sqlite ? "sqlite" : "postgresql";
}

nlohmann::json cell_to_json(const store::Value& value) {
  if (std::holds_alternative<std::nullptr_t>(value)) return nullptr;
  if (auto* n = std::get_if<std::int64_t>(&value)) return *n;
  if (auto* d = std::get_if<double>(&value)) {
    if (!std::isfinite(*d))
      throw BackupError(fmt::format("a stored number is {}, which a backup cannot hold", *d));
    return *d;
  }
  const auto& s = std::get<std::string>(value);
  if (is_utf8(s)) return s;
  return nlohmann::json{{"base64", base64(s)}};
}

store::Value cell_from_json(const nlohmann::json& cell) {
  if (cell.is_null()) return nullptr;
  if (cell.is_number_integer()) return cell.get<std::int64_t>();
  if (cell.is_number_float()) return cell.get<double>();
  if (cell.is_string()) return cell.get<std::string>();
  if (cell.is_object() && cell.size() == 1 && cell.contains("base64") && cell["base64"].is_string())
    return from_base64(cell["base64"].get<std::string>());
  throw BackupError("a cell is neither null, a number, text nor {\"base64\": …}");
}

BackupWriter::BackupWriter(std::string path) : path_(std::move(path)), partial_(path_ + ".partial") {
  file_ = gzopen(partial_.c_str(), "wb6");
  if (!file_) throw BackupError(fmt::format("cannot write {}: {}", partial_, std::strerror(errno)));
}

BackupWriter::~BackupWriter() {
  if (!file_) return;
  gzclose(file_);
  std::remove(partial_.c_str());
}

void BackupWriter::line(const nlohmann::json& value) {
  std::string text = value.dump() + "\n";
  if (gzwrite(file_, text.data(), static_cast<unsigned>(text.size())) != static_cast<int>(text.size())) {
    int code = 0;
    throw BackupError(fmt::format("cannot write {}: {}", partial_, gzerror(file_, &code)));
  }
}

void BackupWriter::finish() {
  int closed = gzclose(std::exchange(file_, nullptr));
  try {
    if (closed != Z_OK)
      throw BackupError(fmt::format("cannot finish writing {} (zlib error {})", partial_, closed));
    flush_to_disk(partial_, "the file");
    std::filesystem::rename(partial_, path_);
    auto dir = std::filesystem::path(path_).parent_path();
    flush_to_disk(dir.empty() ? "." : dir.string(), "the directory");
  } catch (const std::filesystem::filesystem_error& e) {
    std::remove(partial_.c_str());
    throw BackupError(fmt::format("cannot rename {} to {}: {}", partial_, path_, e.code().message()));
  } catch (...) {
    std::remove(partial_.c_str());
    throw;
  }
}

BackupReader::BackupReader(const std::string& path) : path_(path) {
  file_ = gzopen(path.c_str(), "rb");
  if (!file_) throw BackupError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
}

BackupReader::~BackupReader() {
  if (file_) gzclose(file_);
}

bool BackupReader::fill() {
  buffer_.erase(0, start_);
  start_ = 0;
  std::size_t had = buffer_.size();
  buffer_.resize(had + kReadChunk);
  int n = gzread(file_, buffer_.data() + had, static_cast<unsigned>(kReadChunk));
  buffer_.resize(had + static_cast<std::size_t>(std::max(n, 0)));
  if (n < 0) {
    int code = Z_OK;
    throw BackupError(fmt::format("{} is damaged after line {}: {}", path_, line_, gzerror(file_, &code)));
  }
  if (n > 0 && gzdirect(file_))
    throw BackupError(fmt::format("{} is not a commonweal backup: it is not gzip-compressed", path_));
  int code = Z_OK;
  gzerror(file_, &code);
  // zlib's word for a file cut short: the input ended in the middle of the compressed stream.
  if (n == 0 && code == Z_BUF_ERROR)
    throw BackupError(fmt::format(
        "{} is damaged: it stops in the middle of its compressed data, {}; the backup is incomplete", path_,
        line_ ? fmt::format("after line {}", line_) : std::string("before its first line")));
  return n > 0;
}

nlohmann::json BackupReader::next(const std::string& expecting) {
  std::size_t end = buffer_.find('\n', start_);
  while (end == std::string::npos) {
    std::size_t searched = buffer_.size() - start_;
    if (!fill())
      throw BackupError(fmt::format("{} ends early, where line {} should hold {}: the backup is incomplete",
                                    path_, line_ + 1, expecting));
    end = buffer_.find('\n', start_ + searched);
  }
  ++line_;
  std::string_view text(buffer_.data() + start_, end - start_);
  start_ = end + 1;
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error&) {
    throw BackupError(fmt::format("{}: line {} should hold {} but is not JSON", path_, line_, expecting));
  }
}

bool BackupReader::at_end() {
  while (start_ == buffer_.size())
    if (!fill()) return true;
  return false;
}

}  // namespace cw::app
