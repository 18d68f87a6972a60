// Cross-site request forgery tokens. A signed-in person's forms carry a token bound to their session;
// anonymous forms (signing a petition) carry a short-lived token bound to the visitor's form cookie
// (double submit, signed), which pages without forms never set. Both are HMACs (libsodium crypto_auth)
// under the site's key. Thread-safe: pure functions of their arguments.
#pragma once
#include <string>
#include <string_view>

#include "common/clock.h"

namespace cw::web {

inline constexpr const char* kCsrfField = "csrf_token";                 // the hidden form field
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";              // for JSON calls from our own pages
inline constexpr Micros kAnonymousCsrfLifetime = 4LL * 3600 * 1000000;  // a long form, filled in slowly

// Stands in for the anonymous token while a page is made and cached: the token differs per visitor, so
// it is put in as the page is served (web/form_page.h). Control characters never reach a page otherwise.
inline constexpr std::string_view kAnonymousCsrfMarker =
    "\x1e"
    "anonymous form token"
    "\x1e";

// The form cookie's name. As with the session cookie, "__Host-" behind TLS: a sibling site can then
// neither set nor overwrite it, which is what makes the double submit hold.
inline std::string form_cookie_name(bool behind_tls) {
  return behind_tls ? "__Host-commonweal_form" : "commonweal_form";
}
// A new form cookie value: 128 random bits, base64url.
std::string new_form_cookie();
// Whether `value` has the shape new_form_cookie makes (anything else is replaced, not trusted).
bool is_form_cookie(std::string_view value);

std::string session_csrf_token(std::string_view key, std::string_view session_key);
// "<expiry seconds>.<mac>": valid with the same form cookie until `now + kAnonymousCsrfLifetime`.
std::string anonymous_csrf_token(std::string_view key, std::string_view form_cookie, Micros now);

// True when `token` is the session's token (constant-time comparison).
bool check_session_csrf(std::string_view key, std::string_view session_key, std::string_view token);
// True when `token` is an anonymous token signed with `key` for this form cookie that has not expired.
bool check_anonymous_csrf(std::string_view key, std::string_view form_cookie, std::string_view token,
                          Micros now);

// URL-safe base64 without padding, as tokens and cookie values are written.
std::string base64url(const unsigned char* data, std::size_t size);
// `bytes` random bytes (libsodium) as base64url: session ids, link tokens, form cookies.
std::string random_base64url(std::size_t bytes);

}  // namespace cw::web
