#include "modules/accounts/rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>
#include <unordered_set>

#include "common/resources.h"
#include "common/text.h"

namespace cw::accounts {

namespace {

constexpr Micros kWindow = 15 * kMinute;

struct ThrottlePolicy {
  int free_failures;  // before any wait
  Micros window;      // failures older than this are forgotten
  Micros max_delay;   // 0: no waits, only the lock
  int lock_at;
  Micros lock_for;
};

// A shared address (a library, a school, a mobile network) carries many people's honest typing
// mistakes, so it gets far more free failures than one account does.
ThrottlePolicy policy(ThrottleKind kind) {
  switch (kind) {
    case ThrottleKind::account:
      return {5, kHour, kMinute, 20, kHour};
    case ThrottleKind::account_wide:
      return {100, kHour, 0, 100, kHour};
    case ThrottleKind::ip:
      break;
  }
  return {30, kWindow, kWindow, 100, kWindow};
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

const std::unordered_set<std::string>& common_passwords() {
  static const std::unordered_set<std::string> list = [] {
    std::unordered_set<std::string> out;
    for (const auto& f : embedded_files_under("modules/accounts/data/common-passwords.txt")) {
      std::string_view rest = f.content;
      while (!rest.empty()) {
        auto nl = rest.find('\n');
        auto line = rest.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty()) out.insert(lower(line));
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
      }
    }
    return out;
  }();
  return list;
}

}  // namespace

std::optional<std::string> canonical_email(std::string_view input) {
  auto s = trim(input);
  if (s.empty() || s.size() > 254) return std::nullopt;
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '\\')
      return std::nullopt;
  auto at = s.find('@');
  if (at == 0 || at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos)
    return std::nullopt;
  auto domain = s.substr(at + 1);
  auto dot = domain.find('.');
  if (domain.empty() || dot == 0 || dot == std::string_view::npos || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos)
    return std::nullopt;
  return lower(s);
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool is_common_password(std::string_view password) {
  auto plain = lower(password);
  if (common_passwords().count(plain) > 0) return true;
  // "password123", "Sunshine2024!": a common word with digits or symbols added at the end is as easy to
  // guess as the word, since guessing tools add them first.
  auto end = plain.find_last_not_of("0123456789!?.,*#@$%&_-+=~ ");
  if (end == std::string::npos || end + 1 == plain.size()) return false;
  auto stem = plain.substr(0, end + 1);
  return stem.size() >= 4 && common_passwords().count(stem) > 0;
}

bool is_patterned_password(std::string_view password) {
  auto plain = lower(password);
  if (std::set<char>(plain.begin(), plain.end()).size() < 5) return true;
  // The part before any digits or symbols added at the end, as for common words.
  auto end = plain.find_last_not_of("0123456789!?.,*#@$%&_-+=~ ");
  auto stem = end == std::string::npos || end + 1 < 6 ? plain : plain.substr(0, end + 1);
  for (std::string_view run :
       {"abcdefghijklmnopqrstuvwxyz", "zyxwvutsrqponmlkjihgfedcba", "01234567890123456789",
        "98765432109876543210", "qwertyuiopasdfghjklzxcvbnm", "mnbvcxzlkjhgfdsapoiuytrewq",
        "1qaz2wsx3edc4rfv5tgb6yhn7ujm", "qazwsxedcrfvtgbyhnujm"})
    if (run.find(stem) != std::string_view::npos) return true;
  return false;
}

std::optional<std::string> password_problem(std::string_view password, std::string_view email) {
  auto n = utf8_length(password);
  if (n < kPasswordMin) return fmt::format("Password must be {} characters or more", kPasswordMin);
  if (n > kPasswordMax) return fmt::format("Password must be {} characters or fewer", kPasswordMax);
  if (is_common_password(password))
    return "This is one of the most common passwords, so it is easy to guess. Choose a different password";
  if (is_patterned_password(password))
    return "This password is a pattern that is easy to guess, such as repeated letters or a row of keys. "
           "Choose a different password";
  if (!email.empty() && lower(password) == lower(email)) return "Password must not be your email address";
  return std::nullopt;
}

std::optional<std::string> display_name_problem(std::string_view name) {
  auto s = trim(name);
  if (s.empty()) return "Enter your name";
  if (utf8_length(s) > 60) return "Name must be 60 characters or fewer";
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return "Name must only include letters, numbers, spaces and punctuation";
  if (std::string_view("=+-@").find(s.front()) != std::string_view::npos)
    return "Name must not start with =, +, - or @";
  if (auto e = text::name_refusal(s, "Your name")) return e;
  return std::nullopt;
}

Micros throttle_wait(const ThrottleState& s, ThrottleKind kind, Micros now) {
  auto p = policy(kind);
  if (s.locked_until > now) return s.locked_until - now;
  if (now - s.window_start > p.window || s.failures < p.free_failures || p.max_delay == 0) return 0;
  int over = std::min(s.failures - p.free_failures, 20);
  Micros delay = std::min<Micros>((Micros{1} << over) * 1000000, p.max_delay);
  return std::max<Micros>(0, s.last_failure_at + delay - now);
}

ThrottleState after_failure(ThrottleState s, ThrottleKind kind, Micros now, bool& locked) {
  auto p = policy(kind);
  if (now - s.window_start > p.window) s = ThrottleState{0, now, now, s.locked_until};
  ++s.failures;
  s.last_failure_at = now;
  locked = s.failures == p.lock_at;
  if (s.failures >= p.lock_at) s.locked_until = std::max(s.locked_until, now + p.lock_for);
  return s;
}

std::string wait_in_words(Micros wait) {
  auto seconds = (wait + 999999) / 1000000;
  if (seconds < 60) return fmt::format("{} second{}", seconds, seconds == 1 ? "" : "s");
  auto minutes = (seconds + 59) / 60;
  return fmt::format("{} minute{}", minutes, minutes == 1 ? "" : "s");
}

}  // namespace cw::accounts
