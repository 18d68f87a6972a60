// A small RFC 4180 CSV reader for the open data files commonweal imports (ONS, OS, MHCLG): quoted fields
// with doubled quotes and embedded commas or line breaks, CRLF or LF, an optional UTF-8 byte order mark.
// Written here because Debian 12 packages no C++ CSV library. Pure; no I/O beyond reading a file.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cw::geo {

// A malformed file. what() names the line, e.g. "line 12: unterminated quoted field".
class CsvError : public std::runtime_error {
 public:
  CsvError(std::size_t line, const std::string& message);
  std::size_t line;
};

struct CsvRecord {
  std::size_t line = 0;  // 1-based line on which the record starts (the header is line 1)
  std::vector<std::string> fields;
};

// A CSV file with a header row. Every record has exactly as many fields as the header; blank lines are
// skipped.
class CsvTable {
 public:
  // Throws CsvError for unterminated quotes, text after a closing quote, or a record whose field count
  // differs from the header's.
  static CsvTable parse(std::string_view text);
  // Reads and parses a file. Throws std::runtime_error naming the file (and the line, when the file is
  // malformed), e.g. "data/demo/imd.csv: line 3: expected 4 fields, found 5".
  static CsvTable read_file(const std::string& path);

  const std::vector<std::string>& header() const { return header_; }
  const std::vector<CsvRecord>& records() const { return records_; }
  // The index of a header column. Throws CsvError (line 1) naming the missing column.
  std::size_t column(std::string_view name) const;

 private:
  std::vector<std::string> header_;
  std::vector<CsvRecord> records_;
};

}  // namespace cw::geo
