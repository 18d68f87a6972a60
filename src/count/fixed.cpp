// Formatting and parsing of decimal fixed-point values (see fixed.h).
#include "count/fixed.h"

#include <cstdlib>

namespace cw::count::fixed {

std::string format(int64_t units, int places) {
  const bool negative = units < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
  const uint64_t unit = static_cast<uint64_t>(scale(places));
  std::string whole = std::to_string(magnitude / unit);
  std::string fraction = std::to_string(magnitude % unit);
  std::string out = negative ? "-" : "";
  out += whole;
  if (places > 0) {
    out += '.';
    out.append(static_cast<size_t>(places) - fraction.size(), '0');
    out += fraction;
  }
  return out;
}

bool parse(std::string_view text, int places, int64_t& units) {
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  if (text.empty()) return false;
  int64_t value = 0;
  int decimals = -1;
  for (char ch : text) {
    if (ch == '.') {
      if (decimals >= 0) return false;
      decimals = 0;
      continue;
    }
    if (ch < '0' || ch > '9') return false;
    if (decimals >= 0 && ++decimals > places) return false;
    if (value > (INT64_MAX - 9) / 10) return false;
    value = value * 10 + (ch - '0');
  }
  for (int i = decimals < 0 ? 0 : decimals; i < places; ++i) {
    if (value > INT64_MAX / 10) return false;
    value *= 10;
  }
  units = negative ? -value : value;
  return true;
}

}  // namespace cw::count::fixed
