// The four kinds of ballot read against the shortlist and the rules, and the text a ballot is kept as in
// the ballot box (budget.h). Every refusal says what to change, on the field at fault.
#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "common/money.h"
#include "modules/budgeting/budget.h"
#include "web/forms.h"

namespace cw::budgeting {

namespace {

using web::FieldError;
using web::FormInvalid;

std::string plural(std::int64_t k, const char* one, const char* many) {
  return fmt::format("{} {}", k, k == 1 ? one : many);
}

const Project& on_shortlist(const std::vector<Project>& shortlist, const std::string& id,
                            const std::string& field) {
  auto found = std::find_if(shortlist.begin(), shortlist.end(),
                            [&](const Project& p) { return std::to_string(p.id) == id; });
  if (found == shortlist.end())
    throw FormInvalid(field, "Choose projects from the shortlist: one you chose is not on it");
  return *found;
}

Ballot ticked_ballot(const Rules& rules, const std::vector<Project>& shortlist,
                     const std::vector<std::string>& ticked) {
  std::set<std::int64_t> chosen;
  for (const auto& t : ticked) chosen.insert(on_shortlist(shortlist, t, "projects").id);
  auto n = static_cast<int>(chosen.size());
  if (rules.ballot_type == BallotType::approval) {
    if (n < rules.min_projects)
      throw FormInvalid("projects", "Choose at least " + plural(rules.min_projects, "project", "projects"));
    if (rules.max_projects && n > rules.max_projects)
      throw FormInvalid("projects", fmt::format("Choose no more than {}: you chose {}",
                                                plural(rules.max_projects, "project", "projects"), n));
  } else {
    if (n == 0) throw FormInvalid("projects", "Choose at least 1 project");
    auto cost = ballot_cost(shortlist, ticked);
    if (cost > rules.pot)
      throw FormInvalid(
          "projects",
          fmt::format("Your choices cost {}, which is {} more than the {} to spend: "
                      "untick some projects",
                      money::format(cost), money::format(cost - rules.pot), money::format(rules.pot)));
  }
  return {.projects = {chosen.begin(), chosen.end()}};
}

std::optional<std::int64_t> whole_points(const std::string& typed) {
  auto first = typed.find_first_not_of(' '), last = typed.find_last_not_of(' ');
  if (first == std::string::npos) return 0;  // left blank: no points
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(typed.data() + first, typed.data() + last + 1, value);
  if (ec != std::errc() || end != typed.data() + last + 1 || value < 0) return std::nullopt;
  return value;
}

Ballot cumulative_ballot(const Rules& rules, const std::vector<Project>& shortlist,
                         const std::vector<std::pair<std::string, std::string>>& typed) {
  std::map<std::int64_t, std::int64_t> given;
  std::int64_t total = 0;
  for (const auto& [id, text] : typed) {
    auto field = "points-" + id;
    const auto& project = on_shortlist(shortlist, id, field);
    auto points = whole_points(text.substr(0, 12));
    if (!points || *points > rules.points)
      throw FormInvalid(field, fmt::format("Enter the points for {} as a whole number from 0 to {}",
                                           project.title, rules.points));
    if (*points == 0) continue;
    given[project.id] += *points;
    total += *points;
  }
  auto field = ballot_field(rules, shortlist);
  if (total == 0) throw FormInvalid(field, "Give at least 1 point to a project");
  if (total > rules.points)
    throw FormInvalid(field, fmt::format("You gave {}, which is {} more than the {} you have: take some away",
                                         plural(total, "point", "points"), total - rules.points,
                                         plural(rules.points, "point", "points")));
  Ballot b;
  for (auto [id, points] : given) b.projects.push_back(id), b.points.push_back(points);
  return b;
}

Ballot ranked_ballot(const Rules& rules, const std::vector<Project>& shortlist,
                     const std::vector<std::string>& places) {
  Ballot b;
  std::optional<std::size_t> gap;
  for (std::size_t i = 0; i < places.size() && i < static_cast<std::size_t>(rules.max_projects); ++i) {
    auto field = "rank-" + std::to_string(i + 1);
    if (places[i].empty()) {
      if (!gap) gap = i;
      continue;
    }
    const auto& project = on_shortlist(shortlist, places[i], field);
    if (gap)
      throw FormInvalid("rank-" + std::to_string(*gap + 1),
                        fmt::format("Choose your {} choice, or move your later choices up: leave no gaps",
                                    place_text(*gap + 1)));
    auto earlier = std::find(b.projects.begin(), b.projects.end(), project.id);
    if (earlier != b.projects.end())
      throw FormInvalid(
          field, fmt::format("You chose {} as your {} and {} choice: choose each project once", project.title,
                             place_text(earlier - b.projects.begin() + 1), place_text(i + 1)));
    b.projects.push_back(project.id);
  }
  if (static_cast<int>(b.projects.size()) < rules.min_projects)
    throw FormInvalid("rank-" + std::to_string(b.projects.size() + 1),
                      "Rank at least " + plural(rules.min_projects, "project", "projects"));
  return b;
}

}  // namespace

std::string place_text(std::size_t place) {
  auto n = place % 100;
  const char* suffix = n / 10 == 1   ? "th"
                       : n % 10 == 1 ? "st"
                       : n % 10 == 2 ? "nd"
                       : n % 10 == 3 ? "rd"
                                     : "th";
  return std::to_string(place) + suffix;
}

bool Ballot::contains(std::int64_t project_id) const {
  return std::find(projects.begin(), projects.end(), project_id) != projects.end();
}

std::string ballot_field(const Rules& rules, const std::vector<Project>& shortlist) {
  if (rules.ballot_type == BallotType::ranked) return "rank-1";
  if (rules.ballot_type == BallotType::cumulative && !shortlist.empty())
    return "points-" + std::to_string(shortlist.front().id);
  return "projects";
}

std::int64_t ballot_cost(const std::vector<Project>& shortlist, const std::vector<std::string>& ticked) {
  std::set<std::string> chosen(ticked.begin(), ticked.end());
  std::int64_t total = 0;
  for (const auto& p : shortlist)
    if (chosen.count(std::to_string(p.id))) total += p.cost;
  return total;
}

namespace {

Ballot ballot_of_type(const Rules& rules, const std::vector<Project>& shortlist, const BallotForm& form) {
  switch (rules.ballot_type) {
    case BallotType::cumulative:
      return cumulative_ballot(rules, shortlist, form.points);
    case BallotType::ranked:
      return ranked_ballot(rules, shortlist, form.ranked);
    default:
      return ticked_ballot(rules, shortlist, form.ticked);
  }
}

}  // namespace

Ballot check_ballot(const Rules& rules, const std::vector<Project>& shortlist, const BallotForm& form) {
  std::optional<FieldError> age;
  if (rules.min_age > 0 && !form.age_declared)
    age = FieldError{"age_declared", fmt::format("Confirm that you are {0} or older: only people aged {0} or "
                                                 "over may vote in this budget",
                                                 rules.min_age)};
  Ballot ballot;
  try {
    ballot = ballot_of_type(rules, shortlist, form);
  } catch (web::FormInvalid& e) {
    // Every mistake at once, so the voter fixes the ballot and the declaration in one go.
    if (age) e.errors.push_back(*age);
    throw;
  }
  if (age) throw web::FormInvalid({*age});
  return ballot;
}

std::string ballot_text(const Ballot& b) {
  std::string out;
  for (std::size_t i = 0; i < b.projects.size(); ++i) {
    out += (i == 0 ? "" : ",") + std::to_string(b.projects[i]);
    if (!b.points.empty()) out += ":" + std::to_string(b.points[i]);
  }
  return out;
}

Ballot ballot_from_text(const std::string& text) {
  Ballot out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = std::min(text.find(',', pos), text.size());
    auto item = text.substr(pos, end - pos);
    auto colon = item.find(':');
    out.projects.push_back(std::stoll(item.substr(0, colon)));
    if (colon != std::string::npos) out.points.push_back(std::stoll(item.substr(colon + 1)));
    pos = end + 1;
  }
  return out;
}

std::vector<std::int64_t> ballot_weights(const Rules& rules, const Ballot& b) {
  if (!b.points.empty()) return b.points;
  std::vector<std::int64_t> out(b.projects.size(), 1);
  if (rules.ballot_type == BallotType::ranked)
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = rules.max_projects - static_cast<std::int64_t>(i);
  return out;
}

}  // namespace cw::budgeting
