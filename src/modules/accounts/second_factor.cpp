#include "modules/accounts/second_factor.h"

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include <cctype>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

#include "common/html_escape.h"

namespace cw::accounts {

namespace {

// oath_init must run once before any other call; it is cheap and safe to share between threads after.
void ensure_oath() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) throw std::runtime_error("the OATH Toolkit could not start");
  });
}

std::string decoded_secret(std::string_view base32_secret) {
  ensure_oath();
  char* out = nullptr;
  size_t len = 0;
  std::string in(base32_secret);
  if (oath_base32_decode(in.c_str(), in.size(), &out, &len) != OATH_OK) return {};
  std::string raw(out, len);
  sodium_memzero(out, len);
  free(out);  // allocated by liboath with malloc
  return raw;
}

std::string percent_encoded(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

// Without 0/o, 1/l/i and friends, so a code read off paper is typed right.
constexpr std::string_view kRecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

}  // namespace

std::string new_totp_secret() {
  ensure_oath();
  unsigned char raw[20];
  randombytes_buf(raw, sizeof raw);
  char* out = nullptr;
  size_t len = 0;
  if (oath_base32_encode(reinterpret_cast<const char*>(raw), sizeof raw, &out, &len) != OATH_OK)
    throw std::runtime_error("could not encode a second-factor secret");
  std::string secret(out, len);
  free(out);
  sodium_memzero(raw, sizeof raw);
  while (!secret.empty() && secret.back() == '=') secret.pop_back();
  return secret;
}

std::string grouped_secret(std::string_view base32_secret) {
  std::string out;
  for (std::size_t i = 0; i < base32_secret.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += base32_secret[i];
  }
  return out;
}

std::string otpauth_uri(std::string_view base32_secret, std::string_view issuer, std::string_view account) {
  auto i = percent_encoded(issuer);
  return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={}&period={}", i,
                     percent_encoded(account), base32_secret, i, kTotpDigits, kTotpStep);
}

std::string qr_svg(std::string_view text, std::string_view label) {
  std::string in(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeString(in.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!qr) throw std::runtime_error("the text is too long for a QR code");
  const int quiet = 4, width = qr->width, size = width + 2 * quiet;
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width;) {
      if (!(qr->data[y * width + x] & 1)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < width && (qr->data[y * width + x + run] & 1)) ++run;
      path += fmt::format("M{} {}h{}v1h-{}z", x + quiet, y + quiet, run, run);
      x += run;
    }
  }
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {0}\" width=\"{1}\" height=\"{1}\" "
      "role=\"img\" aria-label=\"{2}\" shape-rendering=\"crispEdges\"><rect width=\"{0}\" height=\"{0}\" "
      "fill=\"#fff\"/><path fill=\"#000\" d=\"{3}\"/></svg>",
      size, size * 5, html_escape(label), path);
}

std::optional<std::int64_t> totp_step_matching(std::string_view base32_secret, std::string_view code,
                                               std::int64_t now_seconds) {
  auto digits = normal_totp_code(code);
  if (!digits) return std::nullopt;
  auto raw = decoded_secret(base32_secret);
  if (raw.empty()) return std::nullopt;
  int position = 0;
  std::uint64_t counter = 0;
  int rc = oath_totp_validate3(raw.data(), raw.size(), static_cast<time_t>(now_seconds), kTotpStep, 0, 1,
                               &position, &counter, digits->c_str());
  sodium_memzero(raw.data(), raw.size());
  if (rc < 0) return std::nullopt;
  return static_cast<std::int64_t>(counter);
}

std::string totp_code(std::string_view base32_secret, std::int64_t now_seconds) {
  auto raw = decoded_secret(base32_secret);
  char out[kTotpDigits + 1] = {};
  if (raw.empty() || oath_totp_generate(raw.data(), raw.size(), static_cast<time_t>(now_seconds), kTotpStep,
                                        0, kTotpDigits, out) != OATH_OK)
    throw std::invalid_argument("not a second-factor secret");
  return out;
}

std::vector<std::string> new_recovery_codes() {
  std::vector<std::string> out;
  for (int n = 0; n < kRecoveryCodes; ++n) {
    std::string code;
    for (int i = 0; i < 10; ++i) {
      if (i == 5) code += '-';
      code += kRecoveryAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kRecoveryAlphabet.size()))];
    }
    out.push_back(std::move(code));
  }
  return out;
}

std::optional<std::string> normal_recovery_code(std::string_view typed) {
  std::string out;
  for (unsigned char c : typed) {
    if (c == ' ' || c == '-') continue;
    char lower = static_cast<char>(std::tolower(c));
    if (kRecoveryAlphabet.find(lower) == std::string_view::npos) return std::nullopt;
    out += lower;
  }
  if (out.size() != 10) return std::nullopt;
  return out;
}

std::optional<std::string> normal_totp_code(std::string_view typed) {
  std::string out;
  for (unsigned char c : typed) {
    if (c == ' ') continue;
    if (!std::isdigit(c)) return std::nullopt;
    out += static_cast<char>(c);
  }
  if (out.size() != static_cast<std::size_t>(kTotpDigits)) return std::nullopt;
  return out;
}

}  // namespace cw::accounts
