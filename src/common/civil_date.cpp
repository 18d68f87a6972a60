#include "common/civil_date.h"

#include <array>
#include <charconv>
#include <cstdio>

namespace cw::civil {

namespace {

using namespace std::chrono;

Date add_months(Date from, int months) {
  year_month_day ymd{from};
  year_month target = year_month{ymd.year(), ymd.month()} + std::chrono::months{months};
  auto last = year_month_day_last{target.year(), month_day_last{target.month()}}.day();
  return sys_days{target / std::min(ymd.day(), last)};
}

std::optional<int> number(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty() || s.size() > 4) return std::nullopt;
  int n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

std::optional<Date> make_date(int y, int m, int d) {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

}  // namespace

Date add(Date from, Period p) {
  switch (p.unit) {
    case Unit::days:
      return from + days{p.amount};
    case Unit::weeks:
      return from + days{7 * p.amount};
    case Unit::months:
      return add_months(from, p.amount);
    case Unit::years:
      return add_months(from, 12 * p.amount);
  }
  return from;
}

const char* unit_name(Unit u) {
  switch (u) {
    case Unit::days:
      return "days";
    case Unit::weeks:
      return "weeks";
    case Unit::months:
      return "months";
    case Unit::years:
      return "years";
  }
  return "days";
}

std::optional<Unit> unit_from(std::string_view name) {
  for (auto u : {Unit::days, Unit::weeks, Unit::months, Unit::years})
    if (name == unit_name(u)) return u;
  return std::nullopt;
}

std::string describe(Period p) {
  std::string unit = unit_name(p.unit);
  if (p.amount == 1) unit.pop_back();
  return std::to_string(p.amount) + " " + unit;
}

std::string describe_adjective(Period p) {
  std::string unit = unit_name(p.unit);
  unit.pop_back();
  return std::to_string(p.amount) + "-" + unit;
}

Date date_of(Micros at) {
  return floor<days>(sys_time<microseconds>{microseconds{at}});
}

std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  auto y = number(text.substr(0, 4)), m = number(text.substr(5, 2)), d = number(text.substr(8, 2));
  return make_date(*y, *m, *d);
}

std::string iso(Date d) {
  year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string long_date(Date d) {
  static constexpr std::array<const char*, 12> kMonths{"January",   "February", "March",    "April",
                                                       "May",       "June",     "July",     "August",
                                                       "September", "October",  "November", "December"};
  year_month_day ymd{d};
  return std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         kMonths[static_cast<unsigned>(ymd.month()) - 1] + " " + std::to_string(static_cast<int>(ymd.year()));
}

std::string long_date(Micros at) {
  return long_date(date_of(at));
}

std::string iso_time(Micros at) {
  auto t = floor<seconds>(sys_time<microseconds>{microseconds{at}});
  auto day = floor<days>(t);
  hh_mm_ss hms{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", iso(day).c_str(),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string long_date(std::string_view iso_date) {
  auto d = parse_iso_date(iso_date);
  return d ? long_date(*d) : std::string(iso_date);
}

std::string long_time(Micros at, bool seconds) {
  auto t = floor<std::chrono::seconds>(sys_time<microseconds>{microseconds{at}});
  auto day = floor<days>(t);
  hh_mm_ss hms{t - day};
  char buf[32];
  if (seconds)
    std::snprintf(buf, sizeof buf, " at %02d:%02d:%02d UTC", static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  else
    std::snprintf(buf, sizeof buf, " at %02d:%02d UTC", static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()));
  return long_date(day) + buf;
}

Date last_day(Micros closes_at) {
  return date_of(closes_at - 1);
}

std::string closes_text(Micros closes_at) {
  return "Closes at the end of " + long_date(last_day(closes_at));
}

std::string open_until_text(Micros closes_at) {
  return "Open until the end of " + long_date(last_day(closes_at));
}

std::string closed_text(Micros closes_at) {
  return "Closed on " + long_date(last_day(closes_at));
}

Micros end_of(Date d) {
  return duration_cast<microseconds>((d + days{1}).time_since_epoch()).count();
}

std::optional<Date> date_from_parts(std::string_view day, std::string_view month, std::string_view year) {
  auto y = number(year), m = number(month), d = number(day);
  auto trimmed_year = year;
  while (!trimmed_year.empty() && trimmed_year.front() == ' ') trimmed_year.remove_prefix(1);
  while (!trimmed_year.empty() && trimmed_year.back() == ' ') trimmed_year.remove_suffix(1);
  if (!y || !m || !d || trimmed_year.size() != 4) return std::nullopt;
  return make_date(*y, *m, *d);
}

}  // namespace cw::civil
