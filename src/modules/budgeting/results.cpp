#include "modules/budgeting/results.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/money.h"
#include "count/pabulib.h"
#include "count/pb_count.h"

namespace cw::budgeting {

namespace {

// The score a project needs to be counted at all (Pabulib's min_project_score_threshold): the rules'
// smallest share of the ballots, or of all the points given on cumulative and ranked ballots, rounded up.
std::int64_t score_threshold(const Rules& rules, const std::vector<std::string>& ballots) {
  auto total = static_cast<std::int64_t>(ballots.size());
  if (rules.ballot_type == BallotType::cumulative || rules.ballot_type == BallotType::ranked) {
    total = 0;
    for (const auto& b : ballots)
      for (auto w : ballot_weights(rules, ballot_from_text(b))) total += w;
  }
  return (rules.min_share * total + 99) / 100;
}

std::string meta_lines(const Process& p, const std::string& locality_name, std::size_t projects,
                       const std::vector<std::string>& ballots, const std::vector<std::int64_t>& excluded) {
  std::string out = "META\nkey;value\n";
  auto line = [&](const std::string& k, const std::string& v) {
    out += k + ";" + count::quote_pb_field(v) + "\n";
  };
  line("description", p.title);
  line("country", "United Kingdom");
  line("unit", locality_name);
  line("instance", std::to_string(p.id));
  line("num_projects", std::to_string(projects));
  line("num_votes", std::to_string(ballots.size()));
  line("budget", pounds_text(p.rules.pot));
  line("currency", "GBP");
  const auto& rules = p.rules;
  line("vote_type", rules.ballot_type == BallotType::cumulative ? "cumulative"
                    : rules.ballot_type == BallotType::ranked   ? "ordinal"
                                                                : "approval");
  line("rule", rule_slug(rules.rule));
  // Read back by `commonweal pb count` (and by this count, which reads the same file).
  if (rules.tie_break != TieBreak::shortlist) line("tie_break", tie_break_slug(rules.tie_break));
  if (rules.min_share > 0)
    line("min_project_score_threshold", std::to_string(score_threshold(rules, ballots)));
  if (rules.comparison && rules.rule == Rule::equal_shares) line("comparison", "satisfaction");
  if (!excluded.empty()) line("excluded", fmt::format("{}", fmt::join(excluded, ",")));
  if (rules.ballot_type == BallotType::knapsack) {
    line("max_sum_cost", pounds_text(rules.pot));
  } else if (rules.ballot_type == BallotType::cumulative) {
    line("max_sum_points", std::to_string(rules.points));
  } else {
    line("min_length", std::to_string(rules.min_projects));
    // For ordinal votes this is also the points a first choice is worth (pb_profile.h).
    if (rules.max_projects) line("max_length", std::to_string(rules.max_projects));
  }
  return out;
}

std::map<std::int64_t, std::int64_t> count_votes(const std::vector<Project>& projects,
                                                 const std::vector<std::string>& ballots) {
  std::map<std::int64_t, std::int64_t> votes;
  for (const auto& p : projects) votes[p.id] = 0;
  for (const auto& b : ballots)
    for (auto id : ballot_from_text(b).projects) ++votes[id];
  return votes;
}

// "3,5" and, for a cumulative ballot, its points column "4,6".
std::string vote_fields(const std::string& content) {
  auto b = ballot_from_text(content);
  std::string vote, points;
  for (std::size_t i = 0; i < b.projects.size(); ++i) {
    vote += (i == 0 ? "" : ",") + std::to_string(b.projects[i]);
    if (!b.points.empty()) points += (i == 0 ? "" : ",") + std::to_string(b.points[i]);
  }
  return b.points.empty() ? vote : vote + ";" + points;
}

}  // namespace

bool Results::funded(std::int64_t project_id) const {
  return std::find(selected.begin(), selected.end(), std::to_string(project_id)) != selected.end();
}

bool Results::funded_by_other_rule(std::int64_t project_id) const {
  const auto& other = explanation.other_rule_funded;
  return std::find(other.begin(), other.end(), project_id) != other.end();
}

bool Results::too_few_votes(std::int64_t project_id) const {
  const auto& below = explanation.ineligible;
  return std::find(below.begin(), below.end(), project_id) != below.end();
}

bool Results::excluded(std::int64_t project_id) const {
  const auto& out = explanation.excluded;
  return std::find(out.begin(), out.end(), project_id) != out.end();
}

std::int64_t Results::votes_for(std::int64_t project_id) const {
  auto it = votes.find(project_id);
  return it == votes.end() ? 0 : it->second;
}

std::string pounds_text(std::int64_t pence) {
  auto whole = std::to_string(pence / 100);
  return pence % 100 == 0 ? whole : fmt::format("{}.{:02}", whole, pence % 100);
}

std::string pabulib_file(const Process& p, const std::string& locality_name,
                         const std::vector<Project>& projects, const std::vector<std::string>& ballots,
                         const std::vector<std::string>& selected,
                         const std::vector<std::int64_t>& excluded) {
  auto votes = count_votes(projects, ballots);
  std::string out = meta_lines(p, locality_name, projects.size(), ballots, excluded);
  out += "PROJECTS\nproject_id;cost;votes;name;ward;selected\n";
  for (const auto& pr : projects) {
    auto id = std::to_string(pr.id);
    bool funded = std::find(selected.begin(), selected.end(), id) != selected.end();
    out += fmt::format("{};{};{};{};{};{}\n", id, pounds_text(pr.cost), votes[pr.id],
                       count::quote_pb_field(pr.title), count::quote_pb_field(pr.ward_code), funded ? 1 : 0);
  }
  out += p.rules.ballot_type == BallotType::cumulative ? "VOTES\nvoter_id;vote;points\n"
                                                       : "VOTES\nvoter_id;vote\n";
  for (std::size_t i = 0; i < ballots.size(); ++i)
    out += fmt::format("{};{}\n", i + 1, vote_fields(ballots[i]));
  return out;
}

Results count_results(const Process& p, const std::string& locality_name,
                      const std::vector<Project>& projects, const std::vector<std::string>& ballots,
                      const std::vector<std::int64_t>& excluded) {
  Results r{.votes = count_votes(projects, ballots), .ballots = static_cast<std::int64_t>(ballots.size())};
  r.left = p.rules.pot;
  r.explanation.rule = p.rules.rule;
  r.explanation.excluded = excluded;  // explain() says the same once there are ballots to count
  // Nobody voted: nothing is funded (and Equal Shares would divide the pot by no one).
  if (ballots.empty() || projects.empty()) {
    r.pabulib = pabulib_file(p, locality_name, projects, ballots, {}, excluded);
    return r;
  }
  auto unmarked = pabulib_file(p, locality_name, projects, ballots, {}, excluded);
  auto election = count::read_pabulib_string(unmarked, "budget.pb");
  auto rule = *count::parse_pb_rule(rule_slug(p.rules.rule));
  rule.comparison = count::comparison_of(election);
  auto profile = count::make_profile(election, *count::parse_tie_break(tie_break_slug(p.rules.tie_break)));
  count::PbOutcome other;
  auto outcome = count::count_pb(profile, rule, &other);
  // The comparison step may publish greedy's outcome; the other rule beside it is then Equal Shares.
  // Having made it, the step has counted that other rule already.
  bool by_greedy = p.rules.rule == Rule::greedy || outcome.greedy_preferred;
  if (!outcome.comparison)
    other = count::count_pb(profile, *count::parse_pb_rule(by_greedy ? "equalshares/add1" : "greedy"));
  r.explanation = explain(profile, by_greedy ? Rule::greedy : Rule::equal_shares, outcome, other);
  r.explanation.compared = outcome.comparison.has_value();
  r.explanation.greedy_kept = outcome.greedy_preferred;
  for (auto index : outcome.selected) r.selected.push_back(profile.ids[index]);
  if (!profile.excluded.empty()) {
    auto all = profile;
    all.excluded.clear();
    for (auto index : count::count_pb(all, rule).selected) r.by_the_rules.push_back(profile.ids[index]);
  }
  for (const auto& pr : projects)
    if (r.funded(pr.id)) r.cost += pr.cost;
  r.left = p.rules.pot - r.cost;
  r.pabulib = pabulib_file(p, locality_name, projects, ballots, r.selected, excluded);
  return r;
}

void count_deciles(Results& r, const std::vector<std::pair<std::string, int>>& ballots) {
  std::vector<std::int64_t> funded;
  for (const auto& s : r.selected) funded.push_back(std::stoll(s));
  std::sort(funded.begin(), funded.end());
  for (const auto& [content, decile] : ballots) {
    auto& d = r.deciles[static_cast<std::size_t>(decile >= 1 && decile <= 10 ? decile : 0)];
    ++d.voters;
    auto chosen = ballot_from_text(content).projects;
    if (std::any_of(chosen.begin(), chosen.end(),
                    [&](auto id) { return std::binary_search(funded.begin(), funded.end(), id); }))
      ++d.served;
  }
}

std::vector<std::string> rule_explanation(const Rules& rules) {
  bool by_points = rules.ballot_type == BallotType::cumulative || rules.ballot_type == BallotType::ranked;
  if (rules.rule == Rule::greedy)
    return {
        by_points ? "The projects with the most points are funded first. We go down the list from the most "
                    "points to the fewest, funding each project if there is still enough money left for it, "
                    "and skipping it if there is not."
                  : "The projects with the most votes are funded first. We go down the list from the most "
                    "votes to the fewest, funding each project if there is still enough money left for it, "
                    "and skipping it if there is not.",
        "A cheaper project further down the list can still be funded when a dearer one above it could not."};
  std::vector<std::string> out{
      "This budget is shared by the Method of Equal Shares. Each voter is given an equal share of the pot. A "
      "project is funded when the people who voted for it can pay for it together out of their shares.",
      "Projects are funded one at a time, choosing each time the one whose supporters each pay the least. "
      "This way a large group cannot take all the money: every group of voters gets projects in proportion "
      "to its size.",
      "When no more projects can be paid for this way, everyone's share is raised a pound at a time and the "
      "count is run again, as long as the projects funded still fit the pot (the \"add one\" completion)."};
  if (rules.comparison)
    out.push_back(
        "Last comes a comparison step. The outcome is compared with the greedy one, which funds the projects "
        "with the most votes while they fit. Each voter prefers the outcome that funds more of the projects "
        "they chose. If more voters prefer the greedy outcome, it is published instead.");
  if (by_points)
    out.insert(out.begin() + 1,
               "The people who gave a project points pay for it in proportion to their points: someone who "
               "gave it twice the points pays twice as much.");
  return out;
}

std::string ballot_instruction(const Rules& rules) {
  if (rules.ballot_type == BallotType::knapsack)
    return "Choose projects costing up to " + money::format(rules.pot) + " in total.";
  if (rules.ballot_type == BallotType::cumulative)
    return fmt::format(
        "Share out up to {} points between the projects: give more points to the projects "
        "you want most.",
        rules.points);
  if (rules.ballot_type == BallotType::ranked) {
    auto places =
        rules.max_projects == 1 ? std::string("your favourite project")
        : rules.min_projects == rules.max_projects
            ? fmt::format("your top {} projects in order", rules.max_projects)
            : fmt::format("between {} and {} projects in order", rules.min_projects, rules.max_projects);
    return fmt::format("Choose {}. Your 1st choice is worth {} {}, the next one less, and so on.", places,
                       rules.max_projects, rules.max_projects == 1 ? "point" : "points");
  }
  if (rules.max_projects == 0)
    return rules.min_projects == 1 ? "Choose as many projects as you support."
                                   : fmt::format("Choose at least {} projects.", rules.min_projects);
  if (rules.min_projects == rules.max_projects)
    return fmt::format("Choose {} {}.", rules.min_projects, rules.min_projects == 1 ? "project" : "projects");
  return fmt::format("Choose between {} and {} projects.", rules.min_projects, rules.max_projects);
}

}  // namespace cw::budgeting
