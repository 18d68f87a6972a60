// The rules of accounts that need no database: what a usable email address, password and display name
// are, how long sessions and links last, and how sign-in failures slow an attacker down. Pure functions;
// safe from any thread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace cw::accounts {

inline constexpr Micros kMinute = 60LL * 1000000;
inline constexpr Micros kHour = 60 * kMinute;
inline constexpr Micros kDay = 24 * kHour;

inline constexpr Micros kSessionIdle = 2 * kHour;      // signed out after two hours without a request
inline constexpr Micros kSessionAbsolute = 30 * kDay;  // and after thirty days whatever happens
// Anyone holding a role can change what others see and do, so their sessions end sooner; the role is
// looked up at every request, so a grant shortens sessions already open.
inline constexpr Micros kRoleSessionIdle = 30 * kMinute;
inline constexpr Micros kRoleSessionAbsolute = 12 * kHour;
inline constexpr Micros kResetLifetime = kHour;       // a password reset link
inline constexpr Micros kConfirmLifetime = 7 * kDay;  // confirming an address, accepting an invitation
inline constexpr std::size_t kPasswordMin = 12, kPasswordMax = 128;  // in characters, not bytes

// "Name@Example.ORG " → "name@example.org". nullopt when it is not a plausible single address: one @,
// something either side, a dot in the domain, no spaces or control characters, at most 254 bytes.
std::optional<std::string> canonical_email(std::string_view input);

// What is wrong with a new password, in words for the person choosing it, or nullopt when it is fine:
// 12–128 characters, not one of the 10,000 most common passwords, not the email address itself, and
// not a pattern guessing tools try first: a few characters repeated ("aaaaaaaaaaaa", "abcabcabcabc") or a
// run along the alphabet, the digits or a keyboard row ("abcdefghijkl", "qwertyuiop12").
// No composition rules (NIST SP 800-63B §5.1.1.2).
std::optional<std::string> password_problem(std::string_view password, std::string_view email);

// True when `password` (any case) is on the embedded list of common passwords, or is one of them with
// digits or symbols added at the end ("password123").
bool is_common_password(std::string_view password);

// True when `password` is one of the patterns password_problem refuses.
bool is_patterned_password(std::string_view password);

// Display names are shown publicly beside what people write: trimmed, 1–60 characters, no control
// characters, and (as for CSV exports) not starting with = + - @. What is wrong, or nullopt.
std::optional<std::string> display_name_problem(std::string_view name);

// UTF-8 characters in `s` (invalid bytes count one each).
std::size_t utf8_length(std::string_view s);

// Sign-in throttling, kept in the database so that it holds across servers. Three counts:
// - `account`: one account from one address (IPv6 by its /64). After 5 failures in an hour each further
//   attempt waits 2^(n-5) seconds, at most a minute; at 20 the pair is locked for an hour. An attacker
//   elsewhere therefore cannot lock the owner out.
// - `account_wide`: one account from anywhere. At 100 failures in an hour the account is locked for an
//   hour and its owner is mailed a one-time link (a password reset) that lets them in and clears it.
// - `ip`: one address. 30 free failures in 15 minutes (a library, a school), then waits of 2^(n-30)
//   seconds, at most 15 minutes; at 100 the address is locked for 15 minutes.
// `throttle_wait` is how long the next attempt must wait, 0 when it may go ahead.
struct ThrottleState {
  int failures = 0;
  Micros window_start = 0;
  Micros last_failure_at = 0;
  Micros locked_until = 0;
};
enum class ThrottleKind { account, account_wide, ip };
Micros throttle_wait(const ThrottleState& s, ThrottleKind kind, Micros now);
// The state after one more failure at `now`; `locked` tells whether this failure caused a lock.
ThrottleState after_failure(ThrottleState s, ThrottleKind kind, Micros now, bool& locked);

// "in 3 minutes", "in 40 seconds": how long to wait, for messages.
std::string wait_in_words(Micros wait);

}  // namespace cw::accounts
