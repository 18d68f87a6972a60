#include "web/csrf.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace cw::web {

namespace {

// crypto_auth wants a key of exactly crypto_auth_KEYBYTES; the site key may be any length, so it is
// hashed down first.
void need_sodium() {
  static const bool sodium_ready = sodium_init() >= 0;  // idempotent and thread-safe
  if (!sodium_ready) throw std::runtime_error("libsodium could not initialise");
}

std::string mac(std::string_view key, std::string_view purpose, std::string_view message) {
  need_sodium();
  unsigned char k[crypto_auth_KEYBYTES];
  crypto_generichash(k, sizeof k, reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr, 0);
  std::string input(purpose);
  input.push_back('\0');
  input.append(message);
  unsigned char out[crypto_auth_BYTES];
  crypto_auth(out, reinterpret_cast<const unsigned char*>(input.data()), input.size(), k);
  sodium_memzero(k, sizeof k);
  return base64url(out, sizeof out);
}

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string base64url(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string session_csrf_token(std::string_view key, std::string_view session_key) {
  return mac(key, "csrf-session", session_key);
}

std::string random_base64url(std::size_t bytes) {
  need_sodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  auto out = base64url(raw.data(), raw.size());
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string new_form_cookie() {
  return random_base64url(16);
}

bool is_form_cookie(std::string_view value) {
  return value.size() == 22 && std::all_of(value.begin(), value.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
         });
}

namespace {

// The expiry and the cookie, kept apart by a character neither can hold.
std::string anonymous_message(std::string_view expiry, std::string_view form_cookie) {
  return std::string(expiry) + "." + std::string(form_cookie);
}

}  // namespace

std::string anonymous_csrf_token(std::string_view key, std::string_view form_cookie, Micros now) {
  auto expiry = std::to_string((now + kAnonymousCsrfLifetime) / 1000000);
  return expiry + "." + mac(key, "csrf-anonymous", anonymous_message(expiry, form_cookie));
}

bool check_session_csrf(std::string_view key, std::string_view session_key, std::string_view token) {
  return !token.empty() && same(session_csrf_token(key, session_key), token);
}

bool check_anonymous_csrf(std::string_view key, std::string_view form_cookie, std::string_view token,
                          Micros now) {
  if (!is_form_cookie(form_cookie)) return false;
  auto dot = token.find('.');
  if (dot == std::string_view::npos) return false;
  auto expiry = token.substr(0, dot);
  long long seconds = 0;
  auto [end, ec] = std::from_chars(expiry.data(), expiry.data() + expiry.size(), seconds);
  if (ec != std::errc() || end != expiry.data() + expiry.size()) return false;
  if (!same(mac(key, "csrf-anonymous", anonymous_message(expiry, form_cookie)), token.substr(dot + 1)))
    return false;
  return now / 1000000 <= seconds;
}

}  // namespace cw::web
