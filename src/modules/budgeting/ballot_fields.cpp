// The ballot as a form, shared by the voter's page and the officers' paper ballot entry: the fields each
// kind of ballot asks for, the running total of money or points, and reading what was filled in.
#include <fmt/format.h>

#include "common/money.h"
#include "modules/budgeting/pages.h"
#include "web/form_fields.h"

namespace cw::budgeting {

using nlohmann::json;
using web::Context;
using web::FormView;
using web::Params;
using web::Response;

BallotForm ballot_form_of(const Params& form) {
  BallotForm out{.ticked = form.all("projects"), .age_declared = form.get_or("age_declared", "") == "yes"};
  for (const auto& [name, value] : form.items()) {
    if (name.starts_with("points-")) out.points.emplace_back(name.substr(7, 20), value);
    if (name.starts_with("rank-") && name.size() <= 7) {
      auto place = static_cast<std::size_t>(std::atoi(name.c_str() + 5));
      if (place < 1) continue;
      if (out.ranked.size() < place) out.ranked.resize(place);
      out.ranked[place - 1] = value.substr(0, 20);
    }
  }
  return out;
}

namespace {

std::string project_label(const Project& pr) {
  return pr.title + " (" + money::format(pr.cost) + ")";
}

}  // namespace

// The running total under a knapsack or cumulative ballot, worked out on the server for "Check" and
// kept up to date as the voter ticks or types by app.mjs, which reads the costs or the total from it.
json tally_of(const Rules& rules, const std::vector<Project>& projects, const Params& typed) {
  if (rules.ballot_type == BallotType::knapsack) {
    auto spent = ballot_cost(projects, typed.all("projects"));
    auto left = rules.pot - spent;
    json costs = json::object();
    for (const auto& pr : projects) costs[std::to_string(pr.id)] = pr.cost;
    return {{"kind", "money"},
            {"text", "You have chosen projects costing " + money::format(spent) + " of " +
                         money::format(rules.pot) + ": " +
                         (left >= 0 ? money::format(left) + " left." : money::format(-left) + " too much.")},
            {"total", rules.pot},
            {"used", std::min(spent, rules.pot)},
            {"costs", costs.dump()},
            {"check_label", "Check what I have spent"}};
  }
  if (rules.ballot_type != BallotType::cumulative) return false;
  std::int64_t given = 0;
  for (const auto& [name, value] : typed.items())
    if (name.starts_with("points-") && value.size() < 6 && !value.empty() &&
        value.find_first_not_of("0123456789") == std::string::npos)
      given += std::stoll(value);
  auto left = rules.points - given;
  return {
      {"kind", "points"},
      {"text", fmt::format("You have given {} of your {} points: {}", given, rules.points,
                           left >= 0 ? fmt::format("{} left.", left) : fmt::format("{} too many.", -left))},
      {"total", rules.points},
      {"used", std::min<std::int64_t>(given, rules.points)},
      {"costs", false},
      {"check_label", "Check my points"}};
}

// The choices as the ballot type asks for them: checkboxes, a points box per project, or a drop-down
// per place.
json ballot_fields(const Rules& rules, const std::vector<Project>& projects, const FormView& form) {
  if (rules.ballot_type == BallotType::cumulative) {
    json fields = json::array();
    for (const auto& pr : projects)
      fields.push_back(form.field("points-" + std::to_string(pr.id), project_label(pr), "",
                                  {.hint = pr.description, .width = "3"}));
    return {{"cumulative", true}, {"points", fields}, {"ticks", false}, {"ranked", false}};
  }
  if (rules.ballot_type == BallotType::ranked) {
    std::vector<FormView::Choice> choices{{"", "No project", ""}};
    for (const auto& pr : projects) choices.push_back({std::to_string(pr.id), project_label(pr), ""});
    json places = json::array();
    for (int i = 1; i <= rules.max_projects; ++i) {
      auto label =
          place_text(static_cast<std::size_t>(i)) + " choice" + (i > rules.min_projects ? " (optional)" : "");
      places.push_back(form.select("rank-" + std::to_string(i), label, choices));
    }
    return {{"ranked", true}, {"places", places}, {"ticks", false}, {"cumulative", false}};
  }
  std::vector<FormView::Choice> choices;
  for (const auto& pr : projects)
    choices.push_back({std::to_string(pr.id), project_label(pr), pr.description});
  return {{"ticks", form.choices("projects", "Projects on the shortlist", choices, {}, true)},
          {"cumulative", false},
          {"ranked", false}};
}

Response vote_form(const Context& ctx, const Process& p, const std::vector<Project>& projects,
                   const BallotPage& page, const FormView& form, const Params& typed, int status) {
  auto field = [&](const char* name, const char* label, const char* hint) {
    return form.field(name, label, "", {.autocomplete = "off", .hint = hint, .width = "20"});
  };
  std::string heading = page.paper ? "Enter a paper ballot" : page.changing ? "Change your vote" : "Vote";
  json data{
      {"title", p.title},
      {"heading", heading},
      {"instruction", ballot_instruction(p.rules)},
      {"closes", voting_dates_text(p, ctx.clock.now())},
      {"changing", page.changing},
      {"paper", page.paper},
      {"code_voted", page.changing && !page.code.empty()},
      {"banner", page.banner},
      {"hidden_code", web::or_false(page.code)},
      {"action", process_href(p.id) + (page.paper          ? "/paper"
                                       : page.code.empty() ? "/vote"
                                                           : "/vote/code")},
      {"receipt", page.paper ? field("code", "Voting code on the ballot paper", "For example 7KQ2-M9XA-4RTB")
                  : page.changing ? field("receipt", "Your receipt code", "For example 7KQ2-M9XA-4RTB-P3WZ")
                                  : json(false)},
      {"ballot", ballot_fields(p.rules, projects, form)},
      // A paper ballot's declaration is on the paper; the officer entering it has seen it.
      {"age", p.rules.min_age > 0 && !page.paper
                  ? form.choices("age_declared", "Your age",
                                 {{"yes", fmt::format("I am {} or older", p.rules.min_age), ""}}, {}, true)
                  : json(false)},
      {"tally", tally_of(p.rules, projects, typed)},
      {"submit_label", page.paper      ? "Save this entry"
                       : page.changing ? "Change my vote"
                                       : "Cast my vote"},
      {"back_href", process_href(p.id)},
      {"errors", form.summary()}};
  return ctx.page("budgeting/vote",
                  {.title = heading,
                   .breadcrumbs = crumbs(p),
                   .has_errors = form.has_errors(),
                   .nav_current = "/budgets"},
                  std::move(data), status);
}

}  // namespace cw::budgeting
