// Project ideas, the first phase of a participatory budget: residents put ideas forward, support and
// discuss them; officers say whether each is feasible and what it would cost, merge duplicates, and put
// feasible, costed ideas on the shortlist. Plain values and pure rules (validation, what each phase
// allows, an idea's status); safe from any thread. The service applies them (ideas_service.h).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "modules/budgeting/budget.h"

namespace cw::budgeting {

enum class Feasibility { unassessed, feasible, not_feasible };
const char* feasibility_slug(Feasibility f);  // "not_feasible": the form's value and the stored one
std::optional<Feasibility> feasibility_from_slug(const std::string& slug);

struct Idea {
  std::int64_t id = 0, process_id = 0;
  std::optional<std::int64_t> author_id;  // null once the author's account is deleted
  std::string title, description, ward_code;
  std::optional<double> lat, lon;        // a point on the map, when the resident gave one
  std::optional<std::int64_t> estimate;  // pence: the resident's guess
  Feasibility feasibility = Feasibility::unassessed;
  std::string feasibility_reason;
  std::optional<std::int64_t> officer_cost;  // pence
  std::optional<std::int64_t> merged_into;
  std::optional<std::int64_t> project_id;  // its project on the shortlist
  bool hidden = false;                     // by a moderator
  Micros created_at = 0, updated_at = 0;
};

// What a resident types. lat and lon are both given or both left blank.
struct IdeaDraft {
  std::string title, description, ward_code, lat, lon, estimate;
};
// Throws web::FormInvalid with every problem (fields: title, description, lat, lon, estimate). The
// ward and whether the point lies in the area are checked by the service, which has the places.
Idea idea_from(const IdeaDraft& d);

// An officer's assessment. A reason is required when the idea is not feasible; the cost is optional
// (an idea found not feasible may never be costed) but must be a positive amount when given.
struct AssessmentDraft {
  std::string feasibility, reason, cost;
};
struct Assessment {
  Feasibility feasibility = Feasibility::unassessed;
  std::string reason;
  std::optional<std::int64_t> cost;
};
// Throws web::FormInvalid (fields: feasibility, reason, cost).
Assessment assessment_from(const AssessmentDraft& d);

// A comment's text: required, at most 2,000 characters. Throws web::FormInvalid on field "comment".
std::string comment_from(const std::string& typed);

// What each phase allows. Ideas come in during the ideas phase; residents support and discuss them
// until the shortlist is published; officers assess, merge and shortlist until voting opens, since
// ballots name the shortlist.
bool ideas_open(Phase p);
bool discussion_open(Phase p);
bool assessment_open(Phase p);

// Why an idea cannot go on the shortlist, or nullopt when it can: it must be feasible, costed within the
// pot, not merged into another and not on the shortlist already.
std::optional<std::string> shortlist_refusal(const Idea& idea, const Rules& rules);

enum class IdeaStatus { waiting, feasible, not_feasible, merged, shortlisted };
IdeaStatus status_of(const Idea& idea);
const char* status_label(IdeaStatus s);   // "Waiting to be assessed"
const char* status_colour(IdeaStatus s);  // a GOV.UK tag colour: "blue"

// What residents and officers can do with ideas now, for the pages' inset text.
std::string ideas_now_text(Phase p, bool signed_in);

}  // namespace cw::budgeting
