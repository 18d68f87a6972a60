#include "modules/places/places.h"

#include <cctype>
#include <stdexcept>

namespace cw::places {

namespace {

bool alpha(char c) {
  return c >= 'A' && c <= 'Z';
}
bool digit(char c) {
  return c >= '0' && c <= '9';
}

// The outward code: A9, A99, AA9, AA99, A9A or AA9A (BS 7666), 2 to 4 characters.
bool valid_outward(std::string_view o) {
  if (o.size() < 2 || o.size() > 4 || !alpha(o[0])) return false;
  std::size_t i = alpha(o[1]) ? 2 : 1;
  if (i >= o.size() || !digit(o[i])) return false;
  ++i;
  if (i == o.size()) return true;
  if (i + 1 != o.size()) return false;
  return digit(o[i]) || alpha(o[i]);
}

}  // namespace

std::optional<std::string> normalise_postcode(std::string_view input) {
  std::string compact;
  for (char c : input) {
    if (c == ' ' || c == '\t') continue;
    if (!std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
    compact += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  // The inward code is always a digit and two letters.
  if (compact.size() < 5 || compact.size() > 7) return std::nullopt;
  auto inward = std::string_view(compact).substr(compact.size() - 3);
  auto outward = std::string_view(compact).substr(0, compact.size() - 3);
  if (!digit(inward[0]) || !alpha(inward[1]) || !alpha(inward[2]) || !valid_outward(outward))
    return std::nullopt;
  return std::string(outward) + " " + std::string(inward);
}

bool is_gss_code(std::string_view code, std::string_view entity) {
  if (code.size() != 9 || !alpha(code[0])) return false;
  for (std::size_t i = 1; i < 9; ++i)
    if (!digit(code[i])) return false;
  return entity.empty() || code.starts_with(entity);
}

bool is_local_authority_code(std::string_view code) {
  return is_gss_code(code) && code[0] == 'E' && code[1] == '0' && code[2] >= '6' && code[2] <= '9';
}

int imd_decile(int rank, int areas) {
  if (areas <= 0 || rank < 1 || rank > areas) throw std::invalid_argument("IMD rank out of range");
  // 64-bit: 10 × rank overflows nothing here, but keep the rule exact for any edition size.
  return static_cast<int>((10LL * rank + areas - 1) / areas);
}

std::array<int, 10> decile_counts(const std::vector<int>& deciles) {
  std::array<int, 10> counts{};
  for (int d : deciles)
    if (d >= 1 && d <= 10) ++counts[d - 1];
  return counts;
}

}  // namespace cw::places
