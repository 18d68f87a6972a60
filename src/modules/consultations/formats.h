// The text formats consultations are published in besides HTML: dates as pages show them, CSV cells
// that spreadsheets cannot mistake for formulas, and an iCalendar (RFC 5545) of closing dates. Pure
// functions over plain values; safe from any thread.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/civil_date.h"
#include "common/clock.h"

namespace cw::consultations {

// Dates as pages show them: the shared helpers of common/civil_date.h.
using civil::long_date;
// "2027-03-14", the UTC date of an instant.
inline std::string iso_date(Micros at) {
  return civil::iso(civil::date_of(at));
}
// Midnight UTC at the start of the date typed in a GOV.UK date input; nullopt unless it is a real date
// with a four-digit year.
std::optional<Micros> date_from_parts(std::string_view day, std::string_view month, std::string_view year);
// The day, month and year of an instant, for refilling a date input.
struct DateParts {
  std::string day, month, year;
};
DateParts date_parts(Micros at);
inline constexpr Micros kDay = 86'400'000'000LL;

// One all-day event in an iCalendar.
struct CalendarEvent {
  std::string uid;      // globally unique: "consultation-42@example.org"
  Micros date = 0;      // the event's day (its UTC date)
  std::string summary;  // plain text
  std::string description;
  std::string url;
};
// TEXT values escaped (backslash, semicolon, comma, newlines) per RFC 5545 3.3.11.
std::string ical_escape(std::string_view text);
// A content line folded at 75 octets (continuations start with a space), never inside a UTF-8
// character, each line ending in CRLF.
std::string ical_fold(std::string_view line);
// A VCALENDAR with one VEVENT per event, stamped `now`.
std::string ical_calendar(const std::string& name, const std::vector<CalendarEvent>& events, Micros now);

}  // namespace cw::consultations
