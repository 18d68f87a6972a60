// Civil dates and statutory periods, for every workflow the law times (the Right to Bid, asset transfer,
// general meetings' notice): adding "8 weeks" or "6 months" to a date the way regulations count, and
// reading and writing dates as forms, lists and letters show them. Pure functions; safe from any thread.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace cw::civil {

// A civil date. Europe/London dates are taken as UTC dates: a day's error at midnight is within what
// the regulations tolerate ("received" is when the council logs the paper), and no period is shorter.
using Date = std::chrono::sys_days;

enum class Unit { days, weeks, months, years };

// A length of time as the law states it: "8 weeks", "6 months", "5 years".
struct Period {
  int amount = 0;
  Unit unit = Unit::days;
  bool operator==(const Period&) const = default;
};

// `from` plus `p`. Weeks are 7 days (no bank holidays). Months and years keep the day of the month,
// clamped to the last day of a shorter month: 31 August + 6 months is 29 February in a leap year and
// 28 February otherwise; 29 February + 1 year is 28 February.
Date add(Date from, Period p);

// "days", "weeks", …; nullopt for anything else.
const char* unit_name(Unit u);
std::optional<Unit> unit_from(std::string_view name);

// "8 weeks", "1 year".
std::string describe(Period p);
// "8-week", "6-month": as in "the 8-week deadline".
std::string describe_adjective(Period p);

// The UTC date of an instant.
Date date_of(Micros at);

// "2027-03-14" → the date; nullopt unless exactly YYYY-MM-DD and a real date.
std::optional<Date> parse_iso_date(std::string_view text);
std::string iso(Date d);
// "14 March 2027": GOV.UK style, no leading zero.
std::string long_date(Date d);

// A date typed into the GOV.UK date input (day, month and year boxes). nullopt when any part is missing,
// not a number, or the three do not make a real date; years must have four digits.
std::optional<Date> date_from_parts(std::string_view day, std::string_view month, std::string_view year);

}  // namespace cw::civil
