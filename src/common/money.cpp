#include "common/money.h"

#include <algorithm>
#include <charconv>

namespace cw::money {

std::optional<std::int64_t> parse(std::string_view typed) {
  std::string s;
  for (char ch : typed)
    if (ch != ' ' && ch != ',') s += ch;
  if (s.starts_with("\u00a3")) s.erase(0, std::string_view("\u00a3").size());
  std::string digits;
  int decimals = -1;
  for (char ch : s) {
    if (ch == '.' && decimals < 0) {
      decimals = 0;
      continue;
    }
    if (ch < '0' || ch > '9') return std::nullopt;
    if (decimals >= 0 && ++decimals > 2) return std::nullopt;
    digits += ch;
  }
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  for (int i = std::max(decimals, 0); i < 2; ++i) digits += '0';
  std::int64_t pence = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), pence);
  if (pence >= 1'000'000'000'000) return std::nullopt;
  return pence;
}

std::string format(std::int64_t pence) {
  std::string pounds = std::to_string(pence / 100);
  for (int i = static_cast<int>(pounds.size()) - 3; i > 0; i -= 3)
    pounds.insert(static_cast<std::size_t>(i), ",");
  std::string out = "£" + pounds;
  if (pence % 100 != 0) {
    auto p = std::to_string(pence % 100);
    out += "." + std::string(2 - p.size(), '0') + p;
  }
  return out;
}

}  // namespace cw::money
