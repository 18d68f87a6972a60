#include "geo/csv.h"

#include <fstream>
#include <sstream>

namespace cw::geo {

CsvError::CsvError(std::size_t line, const std::string& message)
    : std::runtime_error("line " + std::to_string(line) + ": " + message), line(line) {}

namespace {

// Splits `text` into records. A quoted field may span lines, so line counting happens here, not by a
// getline loop.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
  }

  bool done() const { return pos_ >= text_.size(); }

  CsvRecord next() {
    CsvRecord rec{line_, {}};
    std::string field;
    for (;;) {
      bool quoted = pos_ < text_.size() && text_[pos_] == '"';
      field = quoted ? quoted_field() : plain_field();
      rec.fields.push_back(std::move(field));
      if (pos_ >= text_.size()) return rec;
      char c = text_[pos_++];
      if (c == ',') continue;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return rec;
    }
  }

 private:
  std::string plain_field() {
    auto start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
      if (text_[pos_] == '"') throw CsvError(line_, "a quote inside an unquoted field");
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  std::string quoted_field() {
    auto start_line = line_;
    ++pos_;  // the opening quote
    std::string out;
    for (;;) {
      if (pos_ >= text_.size()) throw CsvError(start_line, "unterminated quoted field");
      char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          out += '"';
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
          throw CsvError(line_, "text after the closing quote of a field");
        return out;
      }
      if (c == '\n') ++line_;
      out += c;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

bool blank(const CsvRecord& r) {
  return r.fields.size() == 1 && r.fields[0].empty();
}

}  // namespace

CsvTable CsvTable::parse(std::string_view text) {
  CsvTable t;
  Scanner s(text);
  bool have_header = false;
  while (!s.done()) {
    auto rec = s.next();
    if (blank(rec)) continue;
    if (!have_header) {
      t.header_ = std::move(rec.fields);
      have_header = true;
      continue;
    }
    if (rec.fields.size() != t.header_.size())
      throw CsvError(rec.line, "expected " + std::to_string(t.header_.size()) + " fields, found " +
                                   std::to_string(rec.fields.size()));
    t.records_.push_back(std::move(rec));
  }
  if (!have_header) throw CsvError(1, "the file is empty; expected a header row");
  return t;
}

CsvTable CsvTable::read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return parse(ss.str());
  } catch (const CsvError& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

std::size_t CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return i;
  throw CsvError(1, "no column named \"" + std::string(name) + "\"");
}

}  // namespace cw::geo
