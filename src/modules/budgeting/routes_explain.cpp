// The count explained after the close: the round-by-round page, "why was (or wasn't) this project
// funded?", "where your share went" for a voter who typed their receipt code, and the results as CSV.
// Every page reads the explanation kept with the results; nothing is recounted here.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/csv_writer.h"
#include "common/money.h"
#include "html/chart.h"
#include "modules/ballots/ballot_box.h"
#include "modules/budgeting/explain_text.h"
#include "modules/budgeting/fairness_report.h"
#include "modules/budgeting/pages.h"
#include "modules/budgeting/store.h"
#include "web/path_number.h"

namespace cw::budgeting {

namespace {

using nlohmann::json;
using web::Context;
using web::Request;
using web::Response;

std::vector<Project> projects_of(Context& ctx, std::int64_t id) {
  return store::in_read(ctx.db, [&](store::Tx& tx) { return list_projects(tx, id); });
}

std::vector<web::Breadcrumb> results_crumbs(const Process& p) {
  auto c = crumbs(p);
  c.push_back({"Results", process_href(p.id) + "/results"});
  return c;
}

Response rounds_page(const Request& req, Context& ctx) {
  auto [p, r] = counted(req, ctx);
  json rows = json::array();
  for (const auto& row : round_rows(r, projects_of(ctx, p.id)))
    rows.push_back({{"number", row.number},
                    {"title", row.title},
                    {"score", row.score},
                    {"payment", row.payment},
                    {"result", row.result},
                    {"money_left", row.money_left}});
  bool shares = r.explanation.rule == Rule::equal_shares;
  std::vector<std::string> intro;
  if (shares) {
    intro.push_back(
        "Each round funds the project whose supporters can pay for it with the smallest payment "
        "each. Its effective vote count is its cost divided by that payment.");
    if (r.explanation.raises > 0)
      intro.push_back("These are the rounds of the count in which every share was raised to " +
                      money::format(pence_of(r.explanation.start_share)) +
                      ", the highest share at which the projects funded still fitted the pot.");
  } else {
    intro.push_back(
        "Projects are taken from the most votes to the fewest. Each is funded if there is still "
        "enough money left for it.");
  }
  return ctx.page(
      "budgeting/rounds",
      {.title = "Round by round: " + p.title, .breadcrumbs = results_crumbs(p), .nav_current = "/budgets"},
      {{"title", p.title},
       {"intro", intro},
       {"rows", rows},
       {"has_rows", !rows.empty()},
       {"equal_shares", shares},
       {"score_header", shares ? "Effective votes" : "Votes"},
       {"results_href", process_href(p.id) + "/results"}});
}

Response project_page(const Request& req, Context& ctx) {
  auto [p, r] = counted(req, ctx);
  auto project_id = web::path_number(req, "project", "There is no project with that number in this budget.");
  auto projects = projects_of(ctx, p.id);
  auto it =
      std::find_if(projects.begin(), projects.end(), [&](const auto& pr) { return pr.id == project_id; });
  if (it == projects.end())
    throw web::HttpError(404, "not_found", "There is no project with that number in this budget.");
  bool funded = r.funded(it->id);
  auto votes = r.votes_for(it->id);
  return ctx.page("budgeting/result_project",
                  {.title = it->title, .breadcrumbs = results_crumbs(p), .nav_current = "/budgets"},
                  {{"title", it->title},
                   {"caption", p.title},
                   {"funded", funded},
                   {"cost", money::format(it->cost)},
                   {"votes", std::to_string(votes)},
                   {"paragraphs", why_text(p, r, *it)},
                   {"rounds_href", process_href(p.id) + "/results/rounds"},
                   {"results_href", process_href(p.id) + "/results"}});
}

Response results_csv(const Request& req, Context& ctx) {
  auto [p, r] = counted(req, ctx);
  std::string out =
      csv::row({"project_id", "title", "ward", "cost_pence", "votes", "funded",
                r.explanation.rule == Rule::greedy ? "funded_by_equal_shares" : "funded_by_greedy"});
  for (const auto& pr : projects_of(ctx, p.id)) {
    out += csv::row({std::to_string(pr.id), pr.title, pr.ward_code, std::to_string(pr.cost),
                     std::to_string(r.votes_for(pr.id)), r.funded(pr.id) ? "yes" : "no",
                     r.funded_by_other_rule(pr.id) ? "yes" : "no"});
  }
  auto res = Response::text(std::move(out), "text/csv; charset=utf-8");
  res.set("Content-Disposition", "attachment; filename=\"budget-" + std::to_string(p.id) + "-results.csv\"");
  return res;
}

json ward_rows(const fairness::Breakdown& f) {
  json rows = json::array();
  for (const auto& r : f.wards) {
    const auto& v = r.values;
    auto dropped = std::max<std::int64_t>(0, v[kOpened] - v[kVotersByWard]);
    rows.push_back({{"label", r.label},
                    {"people", fairness::percent(r.people, f.people)},
                    {"money", money::format(v[kMoney])},
                    {"money_share", fairness::percent(v[kMoney], f.totals[kMoney])},
                    {"projects", std::to_string(v[kProjects])},
                    {"voters", std::to_string(v[kVotersByWard])},
                    {"voters_share", fairness::percent(v[kVotersByWard], f.totals[kVotersByWard])},
                    {"opened", std::to_string(v[kOpened])},
                    {"refused", std::to_string(v[kRefused])},
                    {"dropped", std::to_string(dropped)}});
  }
  return rows;
}

json decile_rows(const fairness::Breakdown& f) {
  json rows = json::array();
  for (const auto& r : f.deciles) {
    const auto& v = r.values;
    rows.push_back({{"label", r.label},
                    {"people", fairness::percent(r.people, f.people)},
                    {"money", money::format(v[kMoney])},
                    {"money_share", fairness::percent(v[kMoney], f.totals[kMoney])},
                    {"voters", std::to_string(v[kVotersByDecile])},
                    {"voters_share", fairness::percent(v[kVotersByDecile], f.totals[kVotersByDecile])},
                    {"served", fairness::percent(v[kServed], v[kVotersByDecile])}});
  }
  return rows;
}

Response fairness_page(const Request& req, Context& ctx) {
  auto p = store::in_read(ctx.db, [&](store::Tx& tx) { return process_in(tx, req); });
  fairness::Breakdown f;
  try {
    f = fairness_report(ctx.db, p.id, ctx.clock.now());
  } catch (const web::FormInvalid& e) {
    refused(e);
  }
  std::vector<html::Bar> bars;
  for (std::size_t d = 0; d < 10; ++d)
    bars.push_back({std::to_string(d + 1), static_cast<long>(f.deciles[d].values[kMoney] / 100)});
  auto chart = html::bar_chart(
      "decile-money-chart", "Money funded by deprivation decile, in pounds",
      "Ten bars, decile 1 (the most deprived neighbourhoods) on the left to decile 10 on "
      "the right; the table below has the same figures with each decile's share of residents.",
      bars);
  return ctx.page(
      "budgeting/fairness",
      {.title = "Fairness report: " + p.title, .breadcrumbs = results_crumbs(p), .nav_current = "/budgets"},
      {{"title", p.title},
       {"wards", ward_rows(f)},
       {"deciles", decile_rows(f)},
       {"chart", chart},
       {"total_money", money::format(f.totals[kMoney])},
       {"total_voters", std::to_string(f.totals[kVotersByWard])},
       {"smallest_group", std::to_string(ballots::kSmallestDecileGroup)},
       {"results_href", process_href(p.id) + "/results"}});
}

}  // namespace

Response share_page(const Context& ctx, const Process& p, const Results& r, const Ballot& ballot) {
  auto projects = store::in_read(ctx.db, [&](store::Tx& tx) { return list_projects(tx, p.id); });
  auto share = share_text(p, r, projects, ballot);
  json rows = json::array();
  for (const auto& row : share.rows) rows.push_back({{"title", row.title}, {"paid", row.paid}});
  return ctx.page("budgeting/share",
                  {.title = "Your ballot", .breadcrumbs = results_crumbs(p), .nav_current = "/budgets"},
                  {{"title", p.title},
                   {"counted_text", "A ballot with your receipt code is among the " +
                                        std::to_string(r.ballots) + " counted."},
                   {"equal_shares", r.explanation.rule == Rule::equal_shares},
                   {"paragraphs", share.paragraphs},
                   {"rows", rows},
                   {"has_rows", !rows.empty()},
                   {"total", share.total},
                   {"results_href", process_href(p.id) + "/results"}});
}

void register_explain_routes(web::Router& router) {
  router.get("/budgets/{id}/results/rounds", rounds_page);
  router.get("/budgets/{id}/fairness", fairness_page);
  router.get("/budgets/{id}/results/projects/{project}", project_page);
  router.get("/api/v1/budgets/{id}/results.csv", results_csv,
             {.api = true,
              .summary = "A closed budget's projects with cost, votes and whether each was funded, as CSV"});
}

}  // namespace cw::budgeting
