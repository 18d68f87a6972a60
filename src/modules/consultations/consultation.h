// What a consultation is: its details, who it concerns, its dates and survey, and the phase those put it
// in at a given time (draft, not yet open, open, closed, withdrawn). Plain values and pure rules; safe
// from any thread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "modules/consultations/survey.h"
#include "web/forms.h"

namespace cw::consultations {

// Who may respond, as its officers choose. Anonymous responses can be stuffed, so new consultations
// take signed-in people only unless an officer chooses otherwise; with email_confirmed an anonymous
// response counts once its respondent follows the link mailed to them.
enum class Responders { signed_in, email_confirmed, anyone };
const char* responders_slug(Responders r);  // "signed_in", "email_confirmed", "anyone"
std::optional<Responders> responders_from_slug(const std::string& slug);

struct Consultation {
  std::int64_t id = 0, locality_id = 0, organisation_id = 0;
  std::string title, summary, body, contact;
  Micros starts_at = 0, ends_at = 0;  // open from starts_at until just before ends_at
  Responders responders = Responders::signed_in;
  Survey survey;
  std::string status = "draft";  // draft, published, withdrawn
  std::string indexed_status;    // the phase site search last saw
  std::string outcome;           // "You said, we did", Markdown
  std::optional<Micros> outcome_published_at, published_at;
  std::optional<std::int64_t> created_by;
  Micros created_at = 0, updated_at = 0;
  std::optional<Micros> burst_at;       // when responses last arrived far faster than before
  std::vector<std::string> ward_codes;  // empty: the whole locality
  std::vector<std::string> topics;
};

enum class Phase { draft, upcoming, open, closed, withdrawn };
Phase phase(const Consultation& c, Micros now);
const char* phase_slug(Phase p);    // "open"
const char* phase_label(Phase p);   // "Open"
const char* phase_colour(Phase p);  // GOV.UK tag colour

// What an officer types for a consultation's details; dates as typed in the date inputs.
struct ConsultationDraft {
  std::string title, summary, body, contact;
  std::string start_day, start_month, start_year, end_day, end_month, end_year;
  std::string responders = "signed_in";  // a responders_slug
  std::vector<std::string> ward_codes, topics;
};

inline constexpr std::size_t kMaxTitle = 150, kMaxSummary = 500, kMaxBody = 20'000, kMaxContact = 500;
inline constexpr std::size_t kMaxOutcome = 20'000;

// Checks the draft (lengths, real dates, the end after the start, known topics) and fills the details
// of `into`: its start at midnight UTC of the start date, its end at midnight after the end date. Wards
// are checked by the service against the locality. Throws web::FormInvalid with every problem found.
void apply_draft(const ConsultationDraft& d, Consultation& into);
// The draft an existing consultation would submit unchanged.
ConsultationDraft draft_of(const Consultation& c);
// The end date as people read it: the last day responses are taken (ends_at is midnight after it).
Micros last_day(const Consultation& c);

}  // namespace cw::consultations
