#include "common/csv_writer.h"

namespace cw::csv {

namespace {

bool runs_as_formula(std::string_view text) {
  if (text.empty()) return false;
  if (text.front() == '\t' || text.front() == '\r') return true;
  auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return false;
  char c = text[first];
  return c == '=' || c == '+' || c == '-' || c == '@';
}

}  // namespace

std::string cell(std::string_view text) {
  std::string value = runs_as_formula(text) ? "'" + std::string(text) : std::string(text);
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string row(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cell(cells[i]);
  return out + "\r\n";
}

}  // namespace cw::csv
