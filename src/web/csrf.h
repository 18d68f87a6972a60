// Cross-site request forgery tokens. A signed-in person's forms carry a token bound to their session;
// anonymous forms (signing a petition) carry a short-lived token signed by the site, since anonymous
// readers get no cookie to bind to. Both are HMACs (libsodium crypto_auth) under the site's key.
// Thread-safe: pure functions of their arguments.
#pragma once
#include <string>
#include <string_view>

#include "common/clock.h"

namespace cw::web {

inline constexpr const char* kCsrfField = "csrf_token";                 // the hidden form field
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";              // for JSON calls from our own pages
inline constexpr Micros kAnonymousCsrfLifetime = 4LL * 3600 * 1000000;  // a long form, filled in slowly

std::string session_csrf_token(std::string_view key, std::string_view session_key);
// "<expiry seconds>.<mac>": valid until `now + kAnonymousCsrfLifetime`.
std::string anonymous_csrf_token(std::string_view key, Micros now);

// True when `token` is the session's token (constant-time comparison).
bool check_session_csrf(std::string_view key, std::string_view session_key, std::string_view token);
// True when `token` is an anonymous token signed with `key` that has not expired at `now`.
bool check_anonymous_csrf(std::string_view key, std::string_view token, Micros now);

// URL-safe base64 without padding, as tokens and cookie values are written.
std::string base64url(const unsigned char* data, std::size_t size);

}  // namespace cw::web
