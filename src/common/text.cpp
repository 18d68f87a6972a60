#include "common/text.h"

#include <boost/locale/utf.hpp>

namespace cw::text {

namespace {

using boost::locale::utf::code_point;
using Utf8 = boost::locale::utf::utf_traits<char>;

bool is_control(code_point c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
}

bool is_reordering(code_point c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool is_invisible(code_point c) {
  return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

std::optional<std::string> problem(std::string_view s, bool name) {
  for (auto p = s.begin(); p != s.end();) {
    auto c = Utf8::decode(p, s.end());
    if (c == boost::locale::utf::illegal || c == boost::locale::utf::incomplete)
      return "is not valid UTF-8 text";
    if (is_control(c)) return "contains a control character";
    if (is_reordering(c)) return "contains a character that changes the direction of text";
    if (name && is_invisible(c)) return "contains an invisible character";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> text_problem(std::string_view s) {
  return problem(s, false);
}

std::optional<std::string> name_problem(std::string_view s) {
  return problem(s, true);
}

std::optional<std::string> name_refusal(std::string_view s, std::string_view what) {
  auto p = name_problem(s);
  if (!p) return std::nullopt;
  return std::string(what) + " " + *p + ". Type it in rather than pasting it";
}

std::string xml_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (auto p = s.begin(); p != s.end();) {
    auto start = p;
    auto c = Utf8::decode(p, s.end());
    if (c == boost::locale::utf::illegal || c == boost::locale::utf::incomplete) {
      out += "\xEF\xBF\xBD";
      if (p == start) ++p;  // always move on, one byte at least
      continue;
    }
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF) continue;
    out.append(start, p);
  }
  return out;
}

}  // namespace cw::text
