// Results after the close, and the open data: the results page (funded projects with cost and votes,
// money left, the rule in plain English), `GET /api/v1/budgets`, each process's results as JSON, its
// Pabulib file and its list of receipt hashes, and a form to check a receipt code against that list.
// Before the close every one of these answers 409 (the list gives no URLs): no tally exists yet.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "common/money.h"
#include "html/chart.h"
#include "modules/ballots/ballot_box.h"
#include "modules/budgeting/explain_text.h"
#include "modules/budgeting/pages.h"
#include "modules/budgeting/store.h"
#include "modules/places/request_locality.h"
#include "web/form_fields.h"

namespace cw::budgeting {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::Request;
using web::Response;

json result_rows(const Process& p, const std::vector<Project>& projects, const Results& r, bool funded_only) {
  json out = json::array();
  for (const auto& pr : projects) {
    bool funded = r.funded(pr.id);
    if (funded_only && !funded) continue;
    out.push_back({{"title", pr.title},
                   {"href", process_href(p.id) + "/results/projects/" + std::to_string(pr.id)},
                   {"votes", r.votes_for(pr.id)},
                   {"cost", money::format(pr.cost)},
                   {"funded", funded              ? "Yes"
                              : r.excluded(pr.id) ? "No: excluded"
                                                  : "No"},
                   {"other", r.funded_by_other_rule(pr.id) ? "Yes" : "No"}});
  }
  return out;
}

// Votes per project, most first, the funded ones in the strong colour and said so in words.
json votes_chart(const std::vector<Project>& projects, const Results& r) {
  std::vector<html::RowBar> rows;
  for (const auto& pr : projects) {
    bool funded = r.funded(pr.id);
    auto v = r.votes_for(pr.id);
    rows.push_back({pr.title, static_cast<double>(v),
                    std::to_string(v) + (v == 1 ? " vote" : " votes") + (funded ? ", funded" : ""), funded});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.value > b.value; });
  return html::row_chart(
      "votes-chart", "Votes for each project",
      "One bar per project, longest for the most votes; funded projects are drawn in green and "
      "say funded. The table of every project below has the same numbers.",
      rows);
}

// What one rule funds, as bars of cost: the published rule beside the other.
json funded_chart(const std::string& id, const std::string& rule, const std::vector<Project>& projects,
                  const std::vector<std::int64_t>& funded) {
  std::vector<html::RowBar> rows;
  std::int64_t total = 0;
  for (auto fid : funded)
    for (const auto& pr : projects)
      if (pr.id == fid) {
        rows.push_back({pr.title, static_cast<double>(pr.cost), money::format(pr.cost), true});
        total += pr.cost;
      }
  return html::row_chart(id, "Funded by " + rule,
                         std::to_string(rows.size()) + " projects costing " + money::format(total) +
                             " in total, one bar per project by cost.",
                         rows, 400);
}

std::vector<std::int64_t> ids_of(const std::vector<std::string>& selected) {
  std::vector<std::int64_t> out;
  for (const auto& s : selected) out.push_back(std::stoll(s));
  return out;
}

// The rules' comparison step, when they ask for one: which outcome it kept, and why.
json comparison_step_text(const Results& r) {
  const auto& c = r.explanation.comparison;
  if (!r.explanation.compared) return false;
  return fmt::format(
      "The rules ask for a comparison step: the Equal Shares outcome is kept only if no more voters prefer "
      "the "
      "greedy one, a voter preferring the outcome that funds more of the projects they chose. {} {} more "
      "under Equal Shares and {} {} more under greedy, so the {} outcome is published.",
      c.more_under_mes, c.more_under_mes == 1 ? "voter has" : "voters have", c.more_under_greedy,
      c.more_under_greedy == 1 ? "has" : "have", r.explanation.greedy_kept ? "greedy" : "Equal Shares");
}

json comparison_data(const std::vector<Project>& projects, const Results& r) {
  const auto& c = r.explanation.comparison;
  // The rule whose outcome is published: the rules' own, unless the comparison step kept greedy's.
  auto rule = r.explanation.rule;
  bool shares = rule == Rule::equal_shares;
  auto published = funded_chart("published-chart", rule_name(rule), projects, ids_of(r.selected));
  auto other = funded_chart("other-chart", rule_name(shares ? Rule::greedy : Rule::equal_shares), projects,
                            r.explanation.other_rule_funded);
  return {
      {"published_chart", published},
      {"other_chart", other},
      {"other_rule", rule_name(shares ? Rule::greedy : Rule::equal_shares)},
      {"comparison_text",
       fmt::format("Compared voter by voter: {} people have more of the projects they voted for funded under "
                   "Equal Shares than they would under greedy, {} would have more under greedy, and for {} "
                   "it makes no difference.",
                   c.more_under_mes, c.more_under_greedy, c.same)},
      {"step_text", comparison_step_text(r)}};
}

}  // namespace

Response results_view(const Request& req, Context& ctx, const web::FormView& form, int status) {
  auto [p, r] = counted(req, ctx);
  auto [projects, excluded] = store::in_read(
      ctx.db, [&](store::Tx& tx) { return std::pair(list_projects(tx, p.id), list_exclusions(tx, p.id)); });
  auto href = process_href(p.id);
  auto api = "/api/v1/budgets/" + std::to_string(p.id);
  auto funded = result_rows(p, projects, r, true);
  json data{
      {"title", p.title},
      {"ballots_text", std::to_string(r.ballots) + (r.ballots == 1 ? " person voted." : " people voted.")},
      {"funded_text", std::to_string(r.selected.size()) +
                          (r.selected.size() == 1 ? " project is" : " projects are") + " funded, costing " +
                          money::format(r.cost) + "."},
      {"funded", funded},
      {"has_funded", !funded.empty()},
      {"projects", result_rows(p, projects, r, false)},
      {"votes_chart", votes_chart(projects, r)},
      {"comparison", comparison_data(projects, r)},
      {"exclusions", exclusions_section(ctx, p, projects, r, excluded, form)},
      {"banner",
       web::done_banner(req.query, {{"excluded", "Project excluded and the ballots counted again"}})},
      {"rounds_href", href + "/results/rounds"},
      {"fairness_href", href + "/fairness"},
      {"delivery_href", href + "/delivery"},
      {"csv_href", api + "/results.csv"},
      {"equal_shares", r.explanation.rule == Rule::equal_shares},
      {"other_rule", rule_name(r.explanation.rule == Rule::greedy ? Rule::equal_shares : Rule::greedy)},
      {"left", money::format(r.left)},
      {"pot", money::format(p.rules.pot)},
      {"explanation", rule_explanation(p.rules)},
      {"pabulib_href", api + "/pabulib"},
      {"json_href", api + "/results"},
      {"receipts_href", api + "/receipts"},
      {"check_href", href + "/results"},
      {"receipt", form.field("receipt", "Your receipt code", "", {.autocomplete = "off", .width = "20"})},
      {"errors", form.summary()},
      {"back_href", href}};
  return ctx.page("budgeting/results",
                  {.title = "Results: " + p.title,
                   .breadcrumbs = crumbs(p),
                   .has_errors = form.has_errors(),
                   .nav_current = "/budgets"},
                  std::move(data), status);
}

namespace {

Response results_page(const Request& req, Context& ctx) {
  return results_view(req, ctx, {}, 200);
}

// "Check my ballot": whether a ballot with the typed code is among those counted and, for its holder,
// where their share went. The code comes in a POST so it stays out of addresses and logs.
Response check_receipt(const Request& req, Context& ctx) {
  auto form = req.form();
  auto code = form.get_or("receipt", "").substr(0, 100);
  auto [p, r] = counted(req, ctx);
  auto ballot = store::in_read(
      ctx.db, [&](store::Tx& tx) { return ballots::ballot_of_receipt(tx, box_of(p.id), code); });
  if (!ballot)
    return results_view(
        req, ctx,
        web::FormView(form, {{"receipt", code.find_first_not_of(" -") == std::string::npos
                                             ? "Enter the receipt code you were given when you voted"
                                             : "That receipt code is not among the ballots counted: "
                                               "check you typed it as it was shown"}}),
        422);
  return share_page(ctx, p, r, ballot_from_text(*ballot));
}

Response api_list(const Request& req, Context& ctx) {
  auto all = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = places::request_locality(tx, req, "No area has been loaded yet, so there are no budgets.");
    return list_processes(tx, l.id);
  });
  auto now = ctx.clock.now();
  json items = json::array();
  for (const auto& p : all) {
    auto api = ctx.site.base_url + "/api/v1/budgets/" + std::to_string(p.id);
    bool closed = phase(p, now) >= Phase::results;
    items.push_back({{"id", p.id},
                     {"title", p.title},
                     {"phase", phase_slug(phase(p, now))},
                     {"rule", rule_slug(p.rules.rule)},
                     {"ballot_type", ballot_type_slug(p.rules.ballot_type)},
                     {"pot", p.rules.pot},
                     {"url", ctx.site.base_url + process_href(p.id)},
                     {"results_url", closed ? json(api + "/results") : json(nullptr)},
                     {"pabulib_url", closed ? json(api + "/pabulib") : json(nullptr)}});
  }
  return Response::json(json_text(json{{"items", items}}));
}

Response api_results(const Request& req, Context& ctx) {
  auto [p, r] = counted(req, ctx);
  json excluded = json::array();
  for (const auto& e : store::in_read(ctx.db, [&](store::Tx& tx) { return list_exclusions(tx, p.id); }))
    excluded.push_back({{"id", std::to_string(e.project_id)}, {"reason", e.reason}});
  return Response::json(
      json_text(json{{"id", p.id},
                     {"rule", rule_slug(p.rules.rule)},
                     {"comparison", p.rules.comparison && p.rules.rule == Rule::equal_shares
                                        ? json(r.explanation.greedy_kept ? "greedy" : "mes")
                                        : json(nullptr)},
                     {"excluded", excluded},
                     {"selected_by_the_rules", excluded.empty() ? json(r.selected) : json(r.by_the_rules)},
                     {"selected", r.selected},
                     {"cost", r.cost},
                     {"budget", p.rules.pot},
                     {"left", r.left},
                     {"ballots", r.ballots},
                     {"currency", "GBP"},
                     {"money_unit", "pence"}}));
}

Response api_pabulib(const Request& req, Context& ctx) {
  auto [p, r] = counted(req, ctx, true);
  auto res = Response::text(r.pabulib);
  res.set("Content-Disposition", "inline; filename=\"budget-" + std::to_string(p.id) + ".pb\"");
  return res;
}

Response api_receipts(const Request& req, Context& ctx) {
  auto [p, r] = counted(req, ctx);
  auto hashes =
      store::in_read(ctx.db, [&](store::Tx& tx) { return ballots::receipt_hashes(tx, box_of(p.id)); });
  std::string out;
  for (const auto& h : hashes) out += h + "\n";
  return Response::text(out);
}

}  // namespace

void register_results_routes(web::Router& router) {
  router.get("/budgets/{id}/results", results_page);
  router.post("/budgets/{id}/results", check_receipt);
  router.get("/api/v1/budgets", api_list,
             {.api = true,
              .summary = "Participatory budgets of a locality (?locality=CODE) with their phase and rule"});
  router.get("/api/v1/budgets/{id}/results", api_results,
             {.api = true,
              .summary = "A closed budget's funded projects (ids as in its Pabulib file) and cost in pence"});
  router.get(
      "/api/v1/budgets/{id}/pabulib", api_pabulib,
      {.api = true, .summary = "A closed budget as a Pabulib .pb file: rule, projects, anonymous ballots"});
  router.get("/api/v1/budgets/{id}/receipts", api_receipts,
             {.api = true, .summary = "A closed budget's receipt hashes, sorted, one a line"});
}

}  // namespace cw::budgeting
