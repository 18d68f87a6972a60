// CSV as every export writes it (RFC 4180, CRLF line ends), with text a spreadsheet would run as a
// formula defused: a cell that starts with = + - @, a tab or a carriage return, or whose first
// non-space character is = + - @, gets a leading apostrophe (OWASP "CSV injection"). Reading CSV is
// geo/csv.h. Pure; safe from any thread.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace cw::csv {

// One cell: defused, then quoted (with doubled quotes) when it holds a comma, a quote or a line break.
std::string cell(std::string_view text);
// One row of cells, comma-separated, ending in CRLF.
std::string row(const std::vector<std::string>& cells);

}  // namespace cw::csv
