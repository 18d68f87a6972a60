// Results after the close, and the open data: the results page (funded projects with cost and votes,
// money left, the rule in plain English), `GET /api/v1/budgets`, each process's results as JSON, its
// Pabulib file and its list of receipt hashes, and a form to check a receipt code against that list.
// Before the close every one of these answers 409 (the list gives no URLs): no tally exists yet.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "common/money.h"
#include "modules/ballots/ballot_box.h"
#include "modules/budgeting/pages.h"
#include "modules/budgeting/store.h"
#include "modules/places/request_locality.h"

namespace cw::budgeting {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::Request;
using web::Response;

std::pair<Process, Results> counted(const Request& req, Context& ctx) {
  auto p = store::in_read(ctx.db, [&](store::Tx& tx) { return process_in(tx, req); });
  try {
    return {p, results(ctx.db, p.id, ctx.clock.now())};
  } catch (const FormInvalid& e) {
    refused(e);
  }
}

json result_rows(const std::vector<Project>& projects, const Results& r, bool funded_only) {
  json out = json::array();
  for (const auto& pr : projects) {
    bool funded = std::find(r.selected.begin(), r.selected.end(), std::to_string(pr.id)) != r.selected.end();
    if (funded_only && !funded) continue;
    out.push_back({{"title", pr.title},
                   {"votes", r.votes.at(pr.id)},
                   {"cost", money::format(pr.cost)},
                   {"funded", funded ? "Yes" : "No"}});
  }
  return out;
}

Response results_view(const Request& req, Context& ctx, const web::FormView& form, int status) {
  auto [p, r] = counted(req, ctx);
  auto projects = store::in_read(ctx.db, [&](store::Tx& tx) { return list_projects(tx, p.id); });
  auto href = process_href(p.id);
  auto api = "/api/v1/budgets/" + std::to_string(p.id);
  auto funded = result_rows(projects, r, true);
  json data{
      {"title", p.title},
      {"ballots_text", std::to_string(r.ballots) + (r.ballots == 1 ? " person voted." : " people voted.")},
      {"funded_text", std::to_string(r.selected.size()) +
                          (r.selected.size() == 1 ? " project is" : " projects are") + " funded, costing " +
                          money::format(r.cost) + "."},
      {"funded", funded},
      {"has_funded", !funded.empty()},
      {"projects", result_rows(projects, r, false)},
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

Response results_page(const Request& req, Context& ctx) {
  return results_view(req, ctx, {}, 200);
}

// "Check my receipt": whether a ballot with the typed code is among those counted, never what it says.
Response check_receipt(const Request& req, Context& ctx) {
  auto form = req.form();
  auto code = form.get_or("receipt", "").substr(0, 100);
  auto [p, r] = counted(req, ctx);
  bool found =
      store::in_read(ctx.db, [&](store::Tx& tx) { return ballots::holds_receipt(tx, box_of(p.id), code); });
  if (!found)
    return results_view(
        req, ctx,
        web::FormView(form, {{"receipt", code.find_first_not_of(" -") == std::string::npos
                                             ? "Enter the receipt code you were given when you voted"
                                             : "That receipt code is not among the ballots counted: "
                                               "check you typed it as it was shown"}}),
        422);
  return message(ctx, p, "Your ballot was counted",
                 {"A ballot with your receipt code is among the " + std::to_string(r.ballots) +
                  " counted. Your receipt code does not show how you voted."});
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
  return Response::json(json_text(json{{"id", p.id},
                                       {"rule", rule_slug(p.rules.rule)},
                                       {"selected", r.selected},
                                       {"cost", r.cost},
                                       {"budget", p.rules.pot},
                                       {"left", r.left},
                                       {"ballots", r.ballots},
                                       {"currency", "GBP"},
                                       {"money_unit", "pence"}}));
}

Response api_pabulib(const Request& req, Context& ctx) {
  auto [p, r] = counted(req, ctx);
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
