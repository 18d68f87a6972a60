// The second factor every role holder uses (RFC 6238 time-based codes from an authenticator app, with
// single-use recovery codes for a lost phone): making a secret, the enrolment QR code, and checking a
// code. The codes themselves come from the OATH Toolkit and the QR code from libqrencode.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace cw::accounts {

inline constexpr int kTotpStep = 30;       // seconds per code, as every authenticator app assumes
inline constexpr int kTotpDigits = 6;      // digits per code
inline constexpr int kRecoveryCodes = 10;  // made at enrolment; each works once
inline constexpr Micros kStepUpFor = 10LL * 60 * 1000000;  // a code entered this recently covers step-up

// A new random secret (160 bits, as RFC 4226 recommends), base32 without padding, as apps accept it.
std::string new_totp_secret();

// The secret written in groups of four for typing into an app by hand ("ABCD EFGH …").
std::string grouped_secret(std::string_view base32_secret);

// otpauth://totp/<issuer>:<account>?secret=…&issuer=…, which authenticator apps read from the QR code.
std::string otpauth_uri(std::string_view base32_secret, std::string_view issuer, std::string_view account);

// The QR code of `text` as an SVG image with a quiet zone, drawn with one path so that it stays small.
// `label` becomes its accessible name. Throws std::runtime_error if the text is too long for a QR code.
std::string qr_svg(std::string_view text, std::string_view label);

// The time step a code belongs to when `code` is right for `base32_secret` at `now` (Unix seconds),
// allowing one step either side for a phone's clock drift; nullopt when it is wrong or malformed.
// Callers refuse a step at or before the last one accepted, so an overheard code cannot be replayed.
std::optional<std::int64_t> totp_step_matching(std::string_view base32_secret, std::string_view code,
                                               std::int64_t now_seconds);

// The code for `base32_secret` at `now` (Unix seconds). For tests and the command line.
std::string totp_code(std::string_view base32_secret, std::int64_t now_seconds);

// `kRecoveryCodes` new recovery codes, "xxxxx-xxxxx" from an alphabet without look-alike characters.
std::vector<std::string> new_recovery_codes();

// A typed recovery code as stored: lowercase, spaces and dashes dropped ("ABCDE FGHIJ" → "abcdefghij");
// nullopt when it cannot be one.
std::optional<std::string> normal_recovery_code(std::string_view typed);

// A typed authenticator code without spaces ("123 456" → "123456"); nullopt unless six digits.
std::optional<std::string> normal_totp_code(std::string_view typed);

}  // namespace cw::accounts
