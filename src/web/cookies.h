// Reading the Cookie request header and writing Set-Cookie response headers (RFC 6265). Sessions are
// the only cookie commonweal sets, so this stays small. Pure functions; thread-safe.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "web/http.h"

namespace cw::web {

// The value of cookie `name` in the request's Cookie header(s), or nullopt. Malformed pairs are skipped.
std::optional<std::string> request_cookie(const Request& req, std::string_view name);

struct CookieOptions {
  bool secure = false;     // set behind TLS
  long long max_age = -1;  // seconds; -1 = a browser-session cookie, 0 = delete now
  std::string same_site = "Lax";
};

// A Set-Cookie value: always HttpOnly and Path=/. REQUIRES: name and value are cookie-octets (the
// callers pass fixed names and base64url values); throws std::invalid_argument otherwise.
std::string set_cookie_header(std::string_view name, std::string_view value, const CookieOptions& options);

}  // namespace cw::web
