#include "web/problems.h"

#include "common/text.h"

namespace cw::web {

namespace {

// "5,000" for 5000: the limits as people read them.
std::string with_thousands(std::size_t n) {
  auto digits = std::to_string(n);
  for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3)
    digits.insert(static_cast<std::size_t>(at), ",");
  return digits;
}

constexpr std::size_t kMaxName = 200;

}  // namespace

void Problems::need_text(const std::string& field, const std::string& value, const std::string& missing,
                         std::size_t max) {
  if (value.find_first_not_of(" \t\r\n") == std::string::npos)
    add(field, missing);
  else
    keep_short(field, value, max);
}

void Problems::need_name(const std::string& field, const std::string& value, const std::string& missing) {
  auto before = errors_.size();
  need_text(field, value, missing, kMaxName);
  if (errors_.size() == before)
    if (auto e = text::name_refusal(value, "The name")) add(field, *e);
}

void Problems::keep_short(const std::string& field, const std::string& value, std::size_t max) {
  if (value.size() > max) add(field, "Keep it to " + with_thousands(max) + " characters or fewer");
}

}  // namespace cw::web
