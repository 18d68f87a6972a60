// The Community Right to Bid (Localism Act 2011 Part 5 Chapter 3; Assets of Community Value (England)
// Regulations 2012) as rules without a database: who may nominate, what a nomination must contain, every
// statutory date computed from the recorded receipt dates, which step may come next, the case's
// timeline and the reminders it calls for. Pure functions over plain values; safe from any thread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/civil_date.h"
#include "web/forms.h"

namespace cw::community_value {

// The statute counts in civil dates; this module speaks of them unqualified.
using namespace civil;

// How long each period lasts. The defaults are the statutory ones; each locality may hold its own in the
// database because the law changes (a 12-month full moratorium has been proposed). Every period "ends
// on" its start date plus its length, and a step dated on that last day is in time.
struct Periods {
  Period decision{8, Unit::weeks};             // the council decides a nomination (reg 7)
  Period listing{5, Unit::years};              // a listing lasts (reg 2)
  Period review_request{8, Unit::weeks};       // the owner may ask for a review of the listing (sch 2)
  Period review_decision{8, Unit::weeks};      // the council decides the review (sch 2 para 5)
  Period interim_moratorium{6, Unit::weeks};   // groups may ask to be treated as bidders (s95(6))
  Period full_moratorium{6, Unit::months};     // when a group asked in time (s95(6))
  Period protected_period{18, Unit::months};   // no new moratorium (s95(6))
  Period compensation_claim{13, Unit::weeks};  // an owner's claim for loss or expense (reg 14)
  Period reminder_lead{14, Unit::days};        // officers and followers are told this long before
  bool operator==(const Periods&) const = default;
};

struct PeriodInfo {
  const char* name;   // the key it is stored under: "decision"
  const char* label;  // for the settings page
  Period Periods::*member;
};
const std::vector<PeriodInfo>& period_infos();
const PeriodInfo* find_period(std::string_view name);

// The bodies that may nominate (reg 5), by code.
struct BodyType {
  const char* code;
  const char* label;
};
const std::vector<BodyType>& body_types();
const BodyType* find_body_type(std::string_view code);
// An unincorporated group needs at least 21 members on the electoral roll of the area (reg 5(1)(c)).
inline constexpr int kMinLocalMembers = 21;

// What a nomination must contain (reg 6), as typed.
struct Nomination {
  std::string asset_name, address, description, boundaries, owners, owner_email, reasons;
  std::string body_name, body_type, local_members, eligibility;
};
// Every problem at once, for the error summary; empty when the nomination is complete.
std::vector<web::FieldError> nomination_problems(const Nomination& n);
// The number of local members typed, for an unincorporated group; nullopt otherwise.
std::optional<int> local_members_of(const Nomination& n);

enum class Status { nominated, listed, not_listed, removed };
const char* status_name(Status s);
std::optional<Status> status_from(std::string_view name);

// An owner's notice of intended disposal (s95(2)) and the groups that then asked in writing to be
// treated as potential bidders.
struct Notice {
  std::int64_t id = 0;
  Date received_on;
  bool starts_moratorium = true;  // false when given during an earlier notice's protected period
  std::vector<Date> bidder_requests;
};

// A case as recorded: receipt dates and decisions, from which every other date follows.
struct Facts {
  Status status = Status::nominated;
  Date received_on;
  std::optional<Date> decided_on;  // listed or not; the listing notice goes to the owner that day
  std::optional<Date> review_requested_on;
  std::optional<Date> review_decided_on;
  std::vector<Notice> notices;  // oldest first
};

Date decision_due(const Facts& f, const Periods& p);
// The last day of the listing; nullopt unless the asset was listed.
std::optional<Date> listed_until(const Facts& f, const Periods& p);
std::optional<Date> review_request_deadline(const Facts& f, const Periods& p);
std::optional<Date> review_decision_due(const Facts& f, const Periods& p);

struct Moratorium {
  Date notice_on, interim_end;
  std::optional<Date> full_end;  // only when a group asked in time
  Date protected_end;
  Date end() const { return full_end.value_or(interim_end); }
};
Moratorium moratorium_of(const Notice& n, const Periods& p);
// The latest notice that started a moratorium.
const Notice* moratorium_notice(const Facts& f);

// Where a case stands on a day: what the public lists show.
enum class Standing { awaiting_decision, listed, not_listed, removed, listing_ended };
Standing standing_on(const Facts& f, const Periods& p, Date today);
const char* standing_name(Standing s);
const char* standing_label(Standing s);

// What stops a step, as the error to show beside its form; nullopt when the step may go ahead. Every
// date must be on or before `today`.
std::optional<web::FieldError> refuse_decision(const Facts& f, Date on, Date today);
std::optional<web::FieldError> refuse_review_request(const Facts& f, Date on, const Periods& p, Date today);
std::optional<web::FieldError> refuse_review_decision(const Facts& f, Date on, Date today);
std::optional<web::FieldError> refuse_bidder_request(const Facts& f, std::int64_t notice_id, Date on,
                                                     const Periods& p, Date today);
std::optional<web::FieldError> refuse_compensation_claim(const Facts& f, Date loss_on, Date received_on,
                                                         const Periods& p, Date today);

// A notice of intended disposal: refused unless the asset is listed on that day; otherwise it starts
// a moratorium unless it falls in the protected period of an earlier one (s95(6)).
struct NoticeRuling {
  std::optional<web::FieldError> refusal;
  bool starts_moratorium = false;
};
NoticeRuling rule_on_notice(const Facts& f, Date on, const Periods& p, Date today);

// The case's dates for its page: done, due within the reminder lead, overdue, upcoming, or a window
// that passed unused.
enum class Mark { done, due, overdue, upcoming, passed };
const char* mark_name(Mark m);
struct TimelineEntry {
  std::string label;
  Date date;
  Mark mark = Mark::upcoming;
  std::string detail;
};
std::vector<TimelineEntry> timeline(const Facts& f, const Periods& p, Date today);

// What the reminder job should send about a case today. `kind` with `due_on` names a reminder once:
// the job records each and never sends the same one twice.
enum class Audience { officers, followers };
struct Reminder {
  std::string kind;  // "decision_due_soon", "decision_overdue", …
  Date due_on;
  Audience audience = Audience::officers;
  std::string headline;  // "decision due soon": for the subject
  std::string message;   // one sentence with the date
};
std::vector<Reminder> reminders_due(const Facts& f, const Periods& p, Date today);

}  // namespace cw::community_value
