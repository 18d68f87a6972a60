// Exact money for participatory budgeting: GMP rationals parsed from the decimal strings that Pabulib
// files use ("214386.4", "222176,85") and formatted back as "p/q" or as an exact decimal. Nothing that
// decides a PB outcome goes through floating point.
#pragma once
#include <gmpxx.h>

#include <optional>
#include <string>
#include <string_view>

namespace cw::count {

// Parses an optional sign, digits, and an optional fraction after '.' or ',' (Polish files use a decimal
// comma). No exponent, no thousands separators, no surrounding spaces: a budget that does not look like
// this is more likely a broken file than a format we should guess at.
inline std::optional<mpq_class> parse_decimal(std::string_view text) {
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) negative = text[pos++] == '-';
  std::string digits;
  size_t integer_digits = 0, fraction_digits = 0;
  for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++integer_digits)
    digits += text[pos];
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++fraction_digits)
      digits += text[pos];
    if (fraction_digits == 0) return std::nullopt;
  }
  if (pos != text.size() || integer_digits == 0 || digits.size() > 4000) return std::nullopt;
  mpz_class numerator(digits, 10);
  mpz_class denominator;
  mpz_ui_pow_ui(denominator.get_mpz_t(), 10, fraction_digits);
  mpq_class value(negative ? mpz_class(-numerator) : numerator, denominator);
  value.canonicalize();
  return value;
}

// "p/q" always, also for integers ("100/1"), so that a reader never has to guess the form.
inline std::string format_fraction(const mpq_class& value) {
  return value.get_num().get_str() + "/" + value.get_den().get_str();
}

// An exact decimal ("214386.4") when the denominator divides a power of ten, otherwise "p/q".
inline std::string format_money(const mpq_class& value) {
  mpz_class den = value.get_den();
  unsigned twos = 0, fives = 0;
  while (mpz_divisible_ui_p(den.get_mpz_t(), 2)) den /= 2, ++twos;
  while (mpz_divisible_ui_p(den.get_mpz_t(), 5)) den /= 5, ++fives;
  if (den != 1) return format_fraction(value);
  unsigned places = twos > fives ? twos : fives;
  mpz_class scale;
  mpz_ui_pow_ui(scale.get_mpz_t(), 10, places);
  mpz_class scaled = value.get_num() * scale / value.get_den();
  bool negative = scaled < 0;
  std::string digits = (negative ? mpz_class(-scaled) : scaled).get_str();
  if (places == 0) return (negative ? "-" : "") + digits;
  std::string sign = negative ? "-" : "";
  if (digits.size() <= places) return sign + "0." + std::string(places - digits.size(), '0') + digits;
  return sign + digits.substr(0, digits.size() - places) + "." + digits.substr(digits.size() - places);
}

}  // namespace cw::count
