// The backup file: gzip-compressed JSON Lines, the same whichever engine wrote or reads it. Line 1 is
// the header (format, version, when, from which engine, the schema versions); then for each table a line
// naming it, its columns and its row count, followed by that many rows as JSON arrays; and last a trailer
// with the totals, so a file cut short anywhere is refused rather than half restored.
// Thread-safety: a writer or reader belongs to one thread.
#pragma once
#include <zlib.h>

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "store/db.h"

namespace cw::app {

inline constexpr const char* kBackupFormat = "commonweal-backup";
inline constexpr int kBackupVersion = 1;

// Anything wrong with a backup file or its contents, as a sentence for the operator.
class BackupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "sqlite" or "postgresql", as the header names the engine a backup came from.
std::string engine_word(store::Engine engine);

// A cell as JSON: null, an integer, a real or a string; text that is not valid UTF-8 (which JSON cannot
// hold, and the audit log keeps byte for byte) as {"base64": "…"}. Throws BackupError for a real that
// is not finite, which JSON cannot hold either.
nlohmann::json cell_to_json(const store::Value& value);
// The inverse. Throws BackupError for anything cell_to_json does not write.
store::Value cell_from_json(const nlohmann::json& cell);

// Writes `path`.partial and renames it to `path` only in finish(), after flushing it to disk, so a
// failed or interrupted backup never leaves a file that looks complete. Destroying an unfinished
// writer removes the partial file.
class BackupWriter {
 public:
  explicit BackupWriter(std::string path);
  ~BackupWriter();
  BackupWriter(const BackupWriter&) = delete;
  BackupWriter& operator=(const BackupWriter&) = delete;

  void line(const nlohmann::json& value);
  void finish();

 private:
  std::string path_, partial_;
  gzFile file_ = nullptr;
};

// Reads a backup line by line, refusing a file that is not gzip, is damaged, or ends early.
class BackupReader {
 public:
  explicit BackupReader(const std::string& path);
  ~BackupReader();
  BackupReader(const BackupReader&) = delete;
  BackupReader& operator=(const BackupReader&) = delete;

  // The next line as JSON. `expecting` ("the header", "a row of petitions") names it in the error
  // thrown when there is none or it is not JSON.
  nlohmann::json next(const std::string& expecting);
  // True when nothing but the end of the file is left.
  bool at_end();
  std::int64_t line_number() const { return line_; }

 private:
  bool fill();  // reads more; false at the end of the file
  std::string path_;
  gzFile file_ = nullptr;
  std::string buffer_;
  std::size_t start_ = 0;
  std::int64_t line_ = 0;
};

}  // namespace cw::app
