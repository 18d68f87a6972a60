// Line-by-line reading for the STV ballot readers (BLT, PrefLib): bounded line length, CRLF and a
// leading UTF-8 BOM accepted, and errors raised as StvFileError("file:line: reason").
#pragma once
#include <charconv>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "count/stv.h"

namespace cw::count::detail {

class LineReader {
 public:
  LineReader(std::istream& in, std::string file_name, size_t max_length)
      : in_(in), file_name_(std::move(file_name)), max_length_(max_length) {}

  // Reads the next line without its terminator; false at end of input.
  bool next(std::string& line) {
    line.clear();
    if (!in_.good() || in_.peek() == std::char_traits<char>::eof()) return false;
    ++line_number_;
    char ch = 0;
    while (in_.get(ch) && ch != '\n') {
      if (line.size() >= max_length_) fail("line longer than " + std::to_string(max_length_) + " bytes");
      line += ch;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_number_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    return true;
  }

  int line_number() const { return line_number_; }

  [[noreturn]] void fail(const std::string& reason) const { fail_at(line_number_, reason); }
  [[noreturn]] void fail_at(int line, const std::string& reason) const {
    throw StvFileError(file_name_ + ":" + std::to_string(line) + ": " + reason);
  }

 private:
  std::istream& in_;
  std::string file_name_;
  size_t max_length_;
  int line_number_ = 0;
};

inline std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

inline std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

inline std::vector<std::string_view> tokens(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    const size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

// Parses a whole token as a decimal integer (optional leading '-'); false on anything else or overflow.
inline bool parse_int(std::string_view token, int64_t& value) {
  if (token.empty() || token.front() == '+') return false;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
  return error == std::errc() && end == token.data() + token.size();
}

}  // namespace cw::count::detail
