#include "modules/consultations/formats.h"

#include <chrono>

#include <fmt/format.h>

namespace cw::consultations {

namespace {

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

std::chrono::year_month_day ymd(Micros at) {
  auto days = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::microseconds>(std::chrono::microseconds(at)));
  return std::chrono::year_month_day(days);
}

std::optional<int> number(std::string_view s, std::size_t max_digits) {
  auto b = s.find_first_not_of(' ');
  auto e = s.find_last_not_of(' ');
  if (b == std::string_view::npos) return std::nullopt;
  s = s.substr(b, e - b + 1);
  if (s.size() > max_digits) return std::nullopt;
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::string ical_time(Micros at) {
  auto d = ymd(at);
  auto secs = (at / 1'000'000) % 86400;
  if (secs < 0) secs += 86400;
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()), secs / 3600,
                     secs / 60 % 60, secs % 60);
}

}  // namespace

std::optional<Micros> date_from_parts(std::string_view day, std::string_view month, std::string_view year) {
  auto d = number(day, 2), m = number(month, 2), y = number(year, 4);
  if (!d || !m || !y || *y < 1000) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year(*y), std::chrono::month(static_cast<unsigned>(*m)),
                                   std::chrono::day(static_cast<unsigned>(*d))};
  if (!date.ok()) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::sys_days(date).time_since_epoch())
      .count();
}

DateParts date_parts(Micros at) {
  auto d = ymd(at);
  return {std::to_string(static_cast<unsigned>(d.day())), std::to_string(static_cast<unsigned>(d.month())),
          std::to_string(static_cast<int>(d.year()))};
}

std::string ical_escape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      continue;  // other controls are not allowed in TEXT
    } else {
      out += c;
    }
  }
  return out;
}

std::string ical_fold(std::string_view line) {
  std::string out;
  std::size_t used = 0;  // octets on the current physical line
  std::size_t limit = 75;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t len = 1;
    auto c = static_cast<unsigned char>(line[i]);
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    len = std::min(len, line.size() - i);
    if (used + len > limit) {
      out += "\r\n ";
      used = 1;
    }
    out.append(line.substr(i, len));
    used += len;
    i += len;
  }
  return out + "\r\n";
}

std::string ical_calendar(const std::string& name, const std::vector<CalendarEvent>& events, Micros now) {
  std::string out = ical_fold("BEGIN:VCALENDAR") + ical_fold("VERSION:2.0") +
                    ical_fold("PRODID:-//commonweal//consultations//EN") + ical_fold("CALSCALE:GREGORIAN") +
                    ical_fold("METHOD:PUBLISH") + ical_fold("X-WR-CALNAME:" + ical_escape(name));
  auto stamp = ical_time(now);
  for (const auto& e : events) {
    auto day = iso_date(e.date);
    auto next = iso_date(e.date + kDay);
    auto compact = [](std::string s) { return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2); };
    out += ical_fold("BEGIN:VEVENT") + ical_fold("UID:" + e.uid) + ical_fold("DTSTAMP:" + stamp) +
           ical_fold("DTSTART;VALUE=DATE:" + compact(day)) + ical_fold("DTEND;VALUE=DATE:" + compact(next)) +
           ical_fold("SUMMARY:" + ical_escape(e.summary)) +
           ical_fold("DESCRIPTION:" + ical_escape(e.description)) + ical_fold("URL:" + e.url) +
           ical_fold("TRANSP:TRANSPARENT") + ical_fold("END:VEVENT");
  }
  return out + ical_fold("END:VCALENDAR");
}

}  // namespace cw::consultations
