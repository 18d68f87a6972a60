#include "web/cookies.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace cw::web {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 6265 cookie-octet: visible ASCII except space, DQUOTE, comma, semicolon and backslash.
bool is_cookie_octets(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\';
  });
}

}  // namespace

std::optional<std::string> request_cookie(const Request& req, std::string_view name) {
  auto [first, last] = req.headers.equal_range("Cookie");
  for (auto it = first; it != last; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      auto semi = rest.find(';');
      auto pair = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      auto eq = pair.find('=');
      if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != name) continue;
      auto value = trim(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
      return std::string(value);
    }
  }
  return std::nullopt;
}

std::string set_cookie_header(std::string_view name, std::string_view value, const CookieOptions& options) {
  if (name.empty() || !is_cookie_octets(name) || name.find('=') != std::string_view::npos ||
      !is_cookie_octets(value))
    throw std::invalid_argument("cookie name or value has characters a cookie cannot carry");
  std::string out = fmt::format("{}={}; Path=/; HttpOnly; SameSite={}", name, value, options.same_site);
  if (options.secure) out += "; Secure";
  if (options.max_age >= 0) out += fmt::format("; Max-Age={}", options.max_age);
  return out;
}

}  // namespace cw::web
