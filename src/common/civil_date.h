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
// The UTC date of an instant, the same way: every date shown to people goes through one of these two.
std::string long_date(Micros at);
// A stored "2027-03-14" as people read it ("14 March 2027"); text that is not such a date, as it is.
std::string long_date(std::string_view iso_date);
// A moment as people read it: "14 March 2027 at 09:30 UTC" (with `seconds`, "09:30:05 UTC"), for the
// audit log and "last used" times.
std::string long_time(Micros at, bool seconds = false);
// An instant for data exports and APIs: "2027-03-14T09:30:05Z" (ISO 8601, UTC, whole seconds).
std::string iso_time(Micros at);

// Closing times. Petitions and consultations take part until the first instant they are closed, which
// is usually the midnight after their last day, so the last day shown is the day before that instant.
// Pages, lists, search results and mails all word it the same way through these.
Date last_day(Micros closes_at);
std::string closes_text(Micros closes_at);      // "Closes at the end of 23 January 2027"
std::string open_until_text(Micros closes_at);  // "Open until the end of 23 January 2027"
std::string closed_text(Micros closes_at);      // "Closed on 23 January 2027"
// The first instant after `d`: what a "last day" is stored as.
Micros end_of(Date d);

// A date typed into the GOV.UK date input (day, month and year boxes). nullopt when any part is missing,
// not a number, or the three do not make a real date; years must have four digits.
std::optional<Date> date_from_parts(std::string_view day, std::string_view month, std::string_view year);

}  // namespace cw::civil
