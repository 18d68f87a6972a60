#include "modules/budgeting/budget.h"

#include <algorithm>
#include <chrono>
#include <set>

#include <fmt/format.h>

#include "common/civil_date.h"
#include "common/money.h"
#include "common/text.h"
#include "web/forms.h"

namespace cw::budgeting {

namespace {

using web::FieldError;
using web::FormInvalid;

constexpr std::array<const char*, 7> kPhaseSlugs{"upcoming", "ideas",   "costing", "shortlist",
                                                 "voting",   "results", "delivery"};
constexpr std::array<const char*, 7> kPhaseLabels{"Not started yet", "Ideas",   "Costing", "Shortlist",
                                                  "Voting",          "Results", "Delivery"};
constexpr std::array<const char*, 4> kBallotTypeSlugs{"approval", "knapsack", "cumulative", "ranked"};
// What each dated phase's date input asks for, in kDatedPhases order.
constexpr std::array<const char*, 6> kStartsWhat{
    "the day ideas open",   "the day costing starts",        "the day the shortlist is published",
    "the day voting opens", "the day results are published", "the day delivery starts"};

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::size_t chars(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::size_t index_of(Phase p) {
  return static_cast<std::size_t>(p);
}

Micros micros_of(civil::Date d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d.time_since_epoch()).count();
}

std::optional<int> whole_number(const std::string& s) {
  if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoi(s);
}

void check_text(const std::string& title, const std::string& description, std::vector<FieldError>& errors) {
  if (blank(title))
    errors.push_back({"title", "Enter a title"});
  else if (chars(title) > 150)
    errors.push_back({"title", "The title must be 150 characters or fewer"});
  else if (auto e = text::name_refusal(title, "The title"))
    errors.push_back({"title", *e});
  if (chars(description) > 10'000)
    errors.push_back({"description", "The description must be 10,000 characters or fewer"});
}

void read_limits(const ProcessDraft& d, Rules& r, std::vector<FieldError>& errors) {
  auto min = whole_number(d.min_projects);
  auto max = d.max_projects.empty() ? std::optional(0) : whole_number(d.max_projects);
  if (!min || *min < 1)
    errors.push_back(
        {"min_projects", "Enter the fewest projects a voter must choose, as a whole number of 1 or more"});
  if (!max)
    errors.push_back(
        {"max_projects", "Enter the most projects a voter may choose as a whole number, or leave it blank"});
  else if (min && *max != 0 && *max < *min)
    errors.push_back({"max_projects", "The most projects must be at least the fewest"});
  r.min_projects = min.value_or(1);
  r.max_projects = max.value_or(0);
}

// A ranked ballot has k places, one drop-down each, so k is kept to what a page can sensibly show.
constexpr int kMostPlaces = 10;
constexpr int kMostPoints = 1000;
constexpr int kOldestMinimumAge = 25;

void read_places(const ProcessDraft& d, Rules& r, std::vector<FieldError>& errors) {
  auto min = whole_number(d.min_projects);
  auto max = whole_number(d.max_projects);
  if (!max || *max < 1 || *max > kMostPlaces)
    errors.push_back({"max_projects", fmt::format("Enter how many projects a voter may rank, as a whole "
                                                  "number from 1 to {}",
                                                  kMostPlaces)});
  if (!min || *min < 1)
    errors.push_back(
        {"min_projects", "Enter the fewest projects a voter must rank, as a whole number of 1 or more"});
  else if (max && *min > *max)
    errors.push_back({"min_projects", "The fewest projects to rank must be no more than the most"});
  r.min_projects = min.value_or(1);
  r.max_projects = max.value_or(1);
}

void read_points(const ProcessDraft& d, Rules& r, std::vector<FieldError>& errors) {
  auto points = whole_number(d.points);
  if (!points || *points < 1 || *points > kMostPoints)
    errors.push_back({"points", fmt::format("Enter the points each voter spreads, as a whole number from 1 "
                                            "to {}",
                                            kMostPoints)});
  r.points = points.value_or(0);
  r.min_projects = 1, r.max_projects = 0;
}

void read_counting(const ProcessDraft& d, Rules& r, std::vector<FieldError>& errors) {
  auto share = d.min_share.empty() ? std::optional(0) : whole_number(d.min_share);
  if (!share || *share > 50)
    errors.push_back({"min_share",
                      "Enter the smallest share of the votes a project needs as a whole number "
                      "from 0 to 50, or leave it blank"});
  r.min_share = share.value_or(0);
  if (d.tie_break != "file" && d.tie_break != "cost")
    errors.push_back({"tie_break", "Choose which project goes first when two are level"});
  r.tie_break = d.tie_break == "cost" ? TieBreak::cheaper : TieBreak::shortlist;
  r.comparison = d.comparison == "yes";
  if (r.comparison && d.rule != rule_slug(Rule::equal_shares))
    errors.push_back({"comparison",
                      "The comparison step is part of the Method of Equal Shares. Untick it, or choose the "
                      "Method of Equal Shares"});
  auto age = d.min_age.empty() ? std::optional(0) : whole_number(d.min_age);
  if (!age || *age > kOldestMinimumAge)
    errors.push_back({"min_age", fmt::format("Enter the youngest age at which people may vote as a whole "
                                             "number up to {}, or leave it blank for no minimum",
                                             kOldestMinimumAge)});
  r.min_age = age.value_or(0);
}

void read_dates(const ProcessDraft& d, Process& p, std::vector<FieldError>& errors) {
  std::optional<civil::Date> previous;
  for (std::size_t i = 0; i < kDatedPhases.size(); ++i) {
    const auto& [day, month, year] = d.starts[i];
    auto date = civil::date_from_parts(day, month, year);
    auto field = kPhaseSlugs[index_of(kDatedPhases[i])];
    if (!date) {
      errors.push_back({field, fmt::format("Enter {}, for example 3 4 2027", kStartsWhat[i])});
      continue;
    }
    // Phases may share a day (an officer skipping ideas), but people need at least a day to vote.
    bool voting_ends = kDatedPhases[i] == Phase::results;
    if (previous && (*date < *previous || (voting_ends && *date == *previous)))
      errors.push_back({field, voting_ends
                                   ? "Results must come at least a day after voting opens"
                                   : fmt::format("Enter {} on or after the phase before", kStartsWhat[i])});
    previous = date;
    p.starts[i] = micros_of(*date);
  }
}

}  // namespace

const char* phase_slug(Phase p) {
  return kPhaseSlugs[index_of(p)];
}

const char* phase_label(Phase p) {
  return kPhaseLabels[index_of(p)];
}

std::optional<Phase> phase_from_slug(const std::string& slug) {
  for (std::size_t i = 0; i < kPhaseSlugs.size(); ++i)
    if (slug == kPhaseSlugs[i]) return static_cast<Phase>(i);
  return std::nullopt;
}

const char* rule_slug(Rule r) {
  return r == Rule::greedy ? "greedy" : "equalshares/add1";
}

std::optional<Rule> rule_from_slug(const std::string& slug) {
  if (slug == "greedy") return Rule::greedy;
  if (slug == "equalshares/add1") return Rule::equal_shares;
  return std::nullopt;
}

const char* tie_break_slug(TieBreak t) {
  return t == TieBreak::cheaper ? "cost" : "file";
}

const char* ballot_type_slug(BallotType t) {
  return kBallotTypeSlugs[static_cast<std::size_t>(t)];
}

std::optional<BallotType> ballot_type_from_slug(const std::string& slug) {
  for (std::size_t i = 0; i < kBallotTypeSlugs.size(); ++i)
    if (slug == kBallotTypeSlugs[i]) return static_cast<BallotType>(i);
  return std::nullopt;
}

Micros starts_of(const Process& p, Phase phase) {
  return p.starts[index_of(phase) - 1];
}

Phase phase(const Process& p, Micros now) {
  auto current = Phase::upcoming;
  for (std::size_t i = 0; i < kDatedPhases.size(); ++i)
    if (p.starts[i] <= now) current = kDatedPhases[i];
  return current;
}

void apply_draft(const ProcessDraft& d, Process& into) {
  std::vector<FieldError> errors;
  check_text(d.title, d.description, errors);
  Rules rules;
  auto pot = money::parse(d.pot);
  if (!pot || *pot <= 0)
    errors.push_back({"pot", "Enter the money to share out, in pounds, for example £250,000"});
  auto rule = rule_from_slug(d.rule);
  if (!rule) errors.push_back({"rule", "Choose how the votes are counted"});
  auto type = ballot_type_from_slug(d.ballot_type);
  if (!type) errors.push_back({"ballot_type", "Choose the kind of ballot"});
  if (type == BallotType::approval) read_limits(d, rules, errors);
  if (type == BallotType::ranked) read_places(d, rules, errors);
  if (type == BallotType::cumulative) read_points(d, rules, errors);
  read_counting(d, rules, errors);
  read_dates(d, into, errors);
  if (!errors.empty()) throw FormInvalid(std::move(errors));
  rules.pot = *pot;
  rules.rule = *rule;
  rules.ballot_type = *type;
  if (rules.ballot_type == BallotType::knapsack) rules.min_projects = 1, rules.max_projects = 0;
  into.title = d.title;
  into.description = d.description;
  into.rules = rules;
}

ProcessDraft draft_of(const Process& p) {
  ProcessDraft d{.title = p.title,
                 .description = p.description,
                 .pot = money::format(p.rules.pot),
                 .rule = rule_slug(p.rules.rule),
                 .ballot_type = ballot_type_slug(p.rules.ballot_type),
                 .min_projects = std::to_string(p.rules.min_projects),
                 .max_projects = p.rules.max_projects ? std::to_string(p.rules.max_projects) : "",
                 .points = p.rules.points ? std::to_string(p.rules.points) : "",
                 .min_share = p.rules.min_share ? std::to_string(p.rules.min_share) : "",
                 .tie_break = tie_break_slug(p.rules.tie_break),
                 .comparison = p.rules.comparison ? "yes" : "",
                 .min_age = p.rules.min_age ? std::to_string(p.rules.min_age) : ""};
  for (std::size_t i = 0; i < p.starts.size(); ++i) {
    std::chrono::year_month_day ymd{civil::date_of(p.starts[i])};
    d.starts[i] = {std::to_string(static_cast<unsigned>(ymd.day())),
                   std::to_string(static_cast<unsigned>(ymd.month())),
                   std::to_string(static_cast<int>(ymd.year()))};
  }
  return d;
}

std::vector<std::string> rule_changes(const Rules& before, const Rules& after) {
  std::vector<std::string> what;
  auto from_to = [&](const char* what_it_is, const std::string& was, const std::string& is) {
    what.push_back(fmt::format("{} ({} to {})", what_it_is, was, is));
  };
  if (before.pot != after.pot) from_to("the pot", money::format(before.pot), money::format(after.pot));
  if (before.rule != after.rule) from_to("the counting rule", rule_slug(before.rule), rule_slug(after.rule));
  if (before.min_share != after.min_share)
    from_to("the smallest share of the votes a project needs", std::to_string(before.min_share) + "%",
            std::to_string(after.min_share) + "%");
  if (before.tie_break != after.tie_break)
    from_to("which project goes first when two are level", tie_break_slug(before.tie_break),
            tie_break_slug(after.tie_break));
  if (before.comparison != after.comparison)
    from_to("the comparison step", before.comparison ? "on" : "off", after.comparison ? "on" : "off");
  return what;
}

namespace {

std::string listed(const std::vector<std::string>& what) {
  std::string list;
  for (std::size_t i = 0; i < what.size(); ++i)
    list += (i == 0 ? "" : i + 1 == what.size() ? " and " : ", ") + what[i];
  return list;
}

}  // namespace

void check_rules_unchanged(const Rules& before, const Rules& after, std::int64_t ballots_cast,
                           const std::string& amendment) {
  if (ballots_cast == 0 || before == after) return;
  auto cast = fmt::format("{} {} cast", ballots_cast, ballots_cast == 1 ? "ballot" : "ballots");
  std::vector<std::string> ballot;
  if (before.ballot_type != after.ballot_type) ballot.push_back("the kind of ballot");
  if (before.min_projects != after.min_projects || before.max_projects != after.max_projects)
    ballot.push_back("how many projects a voter may choose");
  if (before.points != after.points) ballot.push_back("the points each voter spreads");
  if (before.min_age != after.min_age) ballot.push_back("the minimum age");
  if (!ballot.empty())
    throw FormInvalid("rule",
                      fmt::format("The ballot is fixed once people have voted ({}), so {} cannot change. Put "
                                  "it back as it was to save the other details",
                                  cast, listed(ballot)),
                      409);
  if (!blank(amendment)) return;
  std::vector<std::string> counting;
  if (before.pot != after.pot) counting.push_back("the pot");
  if (before.rule != after.rule) counting.push_back("the counting rule");
  if (before.min_share != after.min_share)
    counting.push_back("the smallest share of the votes a project needs");
  if (before.tie_break != after.tie_break) counting.push_back("which project goes first when two are level");
  if (before.comparison != after.comparison) counting.push_back("the comparison step");
  throw FormInvalid(
      "amendment",
      fmt::format(
          "The voting rules are fixed once people have voted ({}), so {} cannot change. Put the rules "
          "back as they were to save the other details, or say why they must be amended: the "
          "amendment is published on the budget's page",
          cast, listed(counting)),
      409);
}

std::string who_may_vote(const Rules& rules) {
  std::string who = rules.min_age ? fmt::format("Anyone aged {} or over", rules.min_age) : "Anyone";
  return who +
         " may vote, once: with an account whose email address is confirmed, or with a voting code "
         "given out in person or on a paper ballot." +
         (rules.min_age ? " You confirm your age when you vote." : "");
}

Project project_from(const ProjectDraft& d, const Rules& rules) {
  std::vector<FieldError> errors;
  check_text(d.title, d.description, errors);
  auto cost = money::parse(d.cost);
  if (!cost || *cost <= 0)
    errors.push_back({"cost", "Enter what the project costs, in pounds, for example £12,500"});
  else if (*cost > rules.pot)
    errors.push_back({"cost", "The cost must be no more than the pot of " + money::format(rules.pot)});
  if (!errors.empty()) throw FormInvalid(std::move(errors));
  return {.title = d.title, .description = d.description, .ward_code = d.ward_code, .cost = *cost};
}

}  // namespace cw::budgeting
