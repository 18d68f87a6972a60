// Exact decimal fixed-point arithmetic for STV counts: a value is an int64 count of 10^-places units.
// Scottish STV works at 5 places (rule 48(3)), PRF Meek at 9; products go through 128 bits so a
// multiply-then-divide never overflows and rounds exactly once, in the direction the rule says.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace cw::count::fixed {

// GCC and Clang both have a 128-bit integer; __extension__ keeps -Wpedantic quiet about it.
__extension__ typedef __int128 Wide;

constexpr int64_t scale(int places) {
  int64_t s = 1;
  for (int i = 0; i < places; ++i) s *= 10;
  return s;
}

// floor(a * b / d) for non-negative a, b and positive d.
inline int64_t muldiv_down(int64_t a, int64_t b, int64_t d) {
  return static_cast<int64_t>(static_cast<Wide>(a) * b / d);
}

// ceil(a * b / d) for non-negative a, b and positive d.
inline int64_t muldiv_up(int64_t a, int64_t b, int64_t d) {
  const Wide p = static_cast<Wide>(a) * b;
  return static_cast<int64_t>((p + d - 1) / d);
}

// "1234.56789" for 123456789 at 5 places; negative values keep their sign.
std::string format(int64_t units, int places);

// Inverse of format; returns false on anything that is not [-]digits[.digits] with at most `places` decimals.
bool parse(std::string_view text, int places, int64_t& units);

}  // namespace cw::count::fixed
