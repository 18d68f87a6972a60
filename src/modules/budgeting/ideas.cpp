#include "modules/budgeting/ideas.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "common/money.h"
#include "common/text.h"
#include "web/forms.h"

namespace cw::budgeting {

namespace {

using web::FieldError;
using web::FormInvalid;

constexpr std::array<const char*, 3> kFeasibilitySlugs{"unassessed", "feasible", "not_feasible"};

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::size_t chars(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Degrees as typed, within the bounds of Great Britain, so a swapped latitude and longitude is caught.
std::optional<double> degrees(const std::string& typed, double min, double max) {
  if (typed.empty() || typed.size() > 20 || typed.find_first_not_of("-+.0123456789") != std::string::npos)
    return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(typed.c_str(), &end);
  if (end != typed.c_str() + typed.size() || !std::isfinite(v) || v < min || v > max) return std::nullopt;
  return v;
}

void check_point(const IdeaDraft& d, Idea& idea, std::vector<FieldError>& errors) {
  if (d.lat.empty() && d.lon.empty()) return;
  idea.lat = degrees(d.lat, 49, 61);
  idea.lon = degrees(d.lon, -9, 2.5);
  if (!idea.lat) errors.push_back({"lat", "Enter the latitude as a number of degrees, for example 51.3618"});
  if (!idea.lon) errors.push_back({"lon", "Enter the longitude as a number of degrees, for example -0.1946"});
}

}  // namespace

const char* feasibility_slug(Feasibility f) {
  return kFeasibilitySlugs[static_cast<std::size_t>(f)];
}

std::optional<Feasibility> feasibility_from_slug(const std::string& slug) {
  for (std::size_t i = 0; i < kFeasibilitySlugs.size(); ++i)
    if (slug == kFeasibilitySlugs[i]) return static_cast<Feasibility>(i);
  return std::nullopt;
}

Idea idea_from(const IdeaDraft& d) {
  std::vector<FieldError> errors;
  Idea idea{.title = d.title, .description = d.description, .ward_code = d.ward_code};
  if (blank(d.title))
    errors.push_back({"title", "Enter a title for your idea"});
  else if (chars(d.title) > 150)
    errors.push_back({"title", "The title must be 150 characters or fewer"});
  else if (auto e = text::name_refusal(d.title, "The title"))
    errors.push_back({"title", *e});
  if (blank(d.description))
    errors.push_back({"description", "Describe your idea: what it is and who it would help"});
  else if (chars(d.description) > 5'000)
    errors.push_back({"description", "The description must be 5,000 characters or fewer"});
  check_point(d, idea, errors);
  if (!blank(d.estimate)) {
    auto pence = money::parse(d.estimate);
    if (!pence || *pence <= 0)
      errors.push_back(
          {"estimate",
           "Enter what you think it would cost in pounds, for example £5,000, or leave it blank"});
    idea.estimate = pence;
  }
  if (!errors.empty()) throw FormInvalid(std::move(errors));
  return idea;
}

Assessment assessment_from(const AssessmentDraft& d) {
  std::vector<FieldError> errors;
  Assessment a;
  auto f = feasibility_from_slug(d.feasibility);
  if (!f || *f == Feasibility::unassessed)
    errors.push_back({"feasibility", "Choose whether the idea is feasible"});
  else
    a.feasibility = *f;
  if (a.feasibility == Feasibility::not_feasible && blank(d.reason))
    errors.push_back({"reason", "Enter why the idea is not feasible"});
  else if (chars(d.reason) > 2'000)
    errors.push_back({"reason", "The reason must be 2,000 characters or fewer"});
  a.reason = d.reason;
  if (!blank(d.cost)) {
    a.cost = money::parse(d.cost);
    if (!a.cost || *a.cost <= 0)
      errors.push_back(
          {"cost", "Enter what it would cost in pounds, for example £12,500, or leave it blank"});
  }
  if (!errors.empty()) throw FormInvalid(std::move(errors));
  return a;
}

std::string comment_from(const std::string& typed) {
  if (blank(typed)) throw FormInvalid("comment", "Enter your comment");
  if (chars(typed) > 2'000) throw FormInvalid("comment", "Your comment must be 2,000 characters or fewer");
  return typed;
}

bool ideas_open(Phase p) {
  return p == Phase::ideas;
}

bool discussion_open(Phase p) {
  return p == Phase::ideas || p == Phase::costing;
}

bool assessment_open(Phase p) {
  return p >= Phase::ideas && p < Phase::voting;
}

std::optional<std::string> shortlist_refusal(const Idea& idea, const Rules& rules) {
  if (idea.project_id) return "This idea is on the shortlist already";
  if (idea.merged_into) return "This idea was merged into another: shortlist that one instead";
  if (idea.feasibility != Feasibility::feasible)
    return "Only an idea assessed as feasible can go on the shortlist";
  if (!idea.officer_cost) return "Record what the idea would cost before putting it on the shortlist";
  if (*idea.officer_cost > rules.pot)
    return "The cost must be no more than the pot of " + money::format(rules.pot);
  return std::nullopt;
}

IdeaStatus status_of(const Idea& idea) {
  if (idea.merged_into) return IdeaStatus::merged;
  if (idea.project_id) return IdeaStatus::shortlisted;
  if (idea.feasibility == Feasibility::feasible) return IdeaStatus::feasible;
  if (idea.feasibility == Feasibility::not_feasible) return IdeaStatus::not_feasible;
  return IdeaStatus::waiting;
}

const char* status_label(IdeaStatus s) {
  switch (s) {
    case IdeaStatus::waiting:
      return "Waiting to be assessed";
    case IdeaStatus::feasible:
      return "Feasible";
    case IdeaStatus::not_feasible:
      return "Not feasible";
    case IdeaStatus::merged:
      return "Merged";
    case IdeaStatus::shortlisted:
      return "On the shortlist";
  }
  return "";
}

const char* status_colour(IdeaStatus s) {
  switch (s) {
    case IdeaStatus::waiting:
      return "grey";
    case IdeaStatus::feasible:
      return "blue";
    case IdeaStatus::not_feasible:
      return "red";
    case IdeaStatus::merged:
      return "purple";
    case IdeaStatus::shortlisted:
      return "green";
  }
  return "grey";
}

std::string ideas_now_text(Phase p, bool signed_in) {
  std::string sign_in = signed_in ? "" : " Sign in to take part.";
  switch (p) {
    case Phase::upcoming:
      return "Ideas are not open yet.";
    case Phase::ideas:
      return "Ideas are open: put forward an idea, support the ideas you like and comment on them." + sign_in;
    case Phase::costing:
      return "Ideas are closed while the council checks and costs them. You can still support ideas and "
             "comment on them." +
             sign_in;
    case Phase::shortlist:
      return "The council has published the shortlist. Ideas can no longer be supported or commented on.";
    default:
      return "Ideas are closed. The projects on the shortlist are the ones people could vote for.";
  }
}

}  // namespace cw::budgeting
