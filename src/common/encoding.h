// Byte encodings several layers need, through libsodium: base64 (mail bodies, stored photos) and the
// SHA-256 of a text in hex (migrations, photo fingerprints). Pure; safe from any thread.
#pragma once
#include <string>
#include <string_view>

namespace cw {

// Standard base64 with padding (RFC 4648 §4), no line breaks.
std::string base64(std::string_view bytes);
// 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace cw
