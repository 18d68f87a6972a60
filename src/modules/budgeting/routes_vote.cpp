// The public pages of a budget and voting: the list, a process's page (what can be done now, the
// timeline, the shortlist; organisers see turnout, and nobody sees a tally while voting is open), and
// the ballot, which works without JavaScript: for a knapsack ballot "Check what I have spent" shows
// the money left, worked out on the server. The receipt code is shown once, on the page answering the
// vote, and kept nowhere.
#include <variant>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/civil_date.h"
#include "common/money.h"
#include "modules/ballots/ballot_box.h"
#include "modules/budgeting/ideas_module.h"
#include "modules/budgeting/pages.h"
#include "modules/budgeting/store.h"
#include "modules/places/overview.h"
#include "modules/places/request_locality.h"
#include "web/form_fields.h"

namespace cw::budgeting {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::FormView;
using web::Params;
using web::Request;
using web::Response;

const char* phase_colour(Phase p) {
  return p == Phase::voting ? "green" : p == Phase::results || p == Phase::delivery ? "grey" : "blue";
}

Response list_page(const Request& req, Context& ctx) {
  auto [l, all] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = places::request_locality(tx, req, "No area has been loaded yet, so there are no budgets.");
    return std::pair(l, list_processes(tx, l.id));
  });
  auto now = ctx.clock.now();
  json items = json::array();
  for (const auto& p : all)
    items.push_back(
        {{"href", process_href(p.id)},
         {"title", p.title},
         {"pot", money::format(p.rules.pot)},
         {"phase", {{"text", phase_label(phase(p, now))}, {"colour", phase_colour(phase(p, now))}}},
         {"dates", voting_dates_text(p, now)}});
  return ctx.page("budgeting/list",
                  {.title = "Budgets", .breadcrumbs = {{"Home", "/"}}, .nav_current = "/budgets"},
                  {{"locality", l.name},
                   {"locality_code", l.code},
                   {"can_create", can_manage(ctx.actor, l.id)},
                   {"items", items},
                   {"has_items", !items.empty()}});
}

std::string now_text(const Process& p, Phase ph, Micros now) {
  switch (ph) {
    case Phase::upcoming:
      return "This budget starts on " + civil::long_date(starts_of(p, Phase::ideas)) + ".";
    case Phase::ideas:
    case Phase::costing:
      return "The council is gathering and costing project ideas. " + voting_dates_text(p, now) + ".";
    case Phase::shortlist:
      return "The shortlist is published. " + voting_dates_text(p, now) + ".";
    case Phase::voting:
      return voting_dates_text(p, now) + ". Anyone signed in with a confirmed email address can vote once.";
    default:
      return voting_dates_text(p, now) + ". The results are published.";
  }
}

std::string turnout_text(std::int64_t n) {
  return n == 1 ? "1 person has voted so far." : std::to_string(n) + " people have voted so far.";
}

json timeline(const Process& p, Phase current) {
  json out = json::array();
  for (std::size_t i = 0; i < kDatedPhases.size(); ++i) {
    // A phase given the same date as the next is skipped.
    if (i + 1 < kDatedPhases.size() && p.starts[i] == p.starts[i + 1]) continue;
    out.push_back({{"label", phase_label(kDatedPhases[i])},
                   {"from", civil::long_date(p.starts[i])},
                   {"current", kDatedPhases[i] == current}});
  }
  return out;
}

json project_rows(const std::vector<Project>& projects, const std::vector<places::WardRef>& wards) {
  json out = json::array();
  for (const auto& pr : projects) {
    std::string where = "The whole area";
    for (const auto& w : wards)
      if (w.code == pr.ward_code) where = w.name;
    out.push_back({{"title", pr.title},
                   {"idea_href", pr.idea_id ? json(idea_href(pr.process_id, *pr.idea_id)) : json(false)},
                   {"description", web::or_false(pr.description)},
                   {"ward", where},
                   {"cost", money::format(pr.cost)}});
  }
  return out;
}

Response show_page(const Request& req, Context& ctx) {
  auto now = ctx.clock.now();
  struct Read {
    Process p;
    std::vector<Project> projects;
    std::vector<places::WardRef> wards;
    std::int64_t turnout = 0;
    bool voted = false;
    std::vector<Amendment> amendments;
  };
  auto r = store::in_read(ctx.db, [&](store::Tx& tx) {
    Read r{.p = process_in(tx, req)};
    r.projects = list_projects(tx, r.p.id);
    r.wards = places::ward_refs(tx, r.p.locality_id);
    r.turnout = ballots::turnout(tx, box_of(r.p.id));
    r.voted = ctx.actor && ballots::has_voted(tx, box_of(r.p.id), ctx.actor->user_id);
    r.amendments = list_amendments(tx, r.p.id);
    return r;
  });
  const auto& p = r.p;
  json amendments = json::array();
  for (const auto& a : r.amendments)
    amendments.push_back(
        {{"date", civil::long_date(a.made_at)}, {"changed", a.changed}, {"reason", a.reason}});
  auto ph = phase(p, now);
  bool manage = can_manage(ctx.actor, p.locality_id);
  json data{{"title", p.title},
            {"description", web::or_false(p.description)},
            {"pot", money::format(p.rules.pot)},
            {"phase", {{"text", phase_label(ph)}, {"colour", phase_colour(ph)}}},
            {"now_text", now_text(p, ph, now)},
            {"vote_href", ph == Phase::voting ? json(process_href(p.id) + "/vote") : json(false)},
            {"vote_label", r.voted ? "Change your vote" : "Vote now"},
            {"results_href", ph >= Phase::results ? json(process_href(p.id) + "/results") : json(false)},
            {"manage", manage},
            // Organisers see how many have voted, never for what, until the close.
            {"turnout", manage && ph >= Phase::voting ? json(turnout_text(r.turnout)) : json(false)},
            {"edit_href", process_href(p.id) + "/edit"},
            {"project_href", ph < Phase::voting ? json(process_href(p.id) + "/projects/new") : json(false)},
            {"codes_href", process_href(p.id) + "/codes"},
            {"timeline", timeline(p, ph)},
            {"amendments", amendments},
            {"has_amendments", !amendments.empty()},
            {"instruction", ballot_instruction(p.rules)},
            {"who_may_vote", who_may_vote(p.rules)},
            {"explanation", rule_explanation(p.rules)},
            {"projects", project_rows(r.projects, r.wards)},
            {"has_projects", !r.projects.empty()},
            {"ideas_href", ph >= Phase::ideas ? json(process_href(p.id) + "/ideas") : json(false)},
            {"banner", web::done_banner(req.query, {{"created", "Budget created"},
                                                    {"saved", "Changes saved"},
                                                    {"project", "Project added to the shortlist"}})}};
  return ctx.page("budgeting/show", {.title = p.title, .breadcrumbs = crumbs(p), .nav_current = "/budgets"},
                  std::move(data));
}

struct Voting {
  Process p;
  std::vector<Project> projects;
  bool voted = false;
};

// The process and the voter's standing in it, or the page saying why they cannot vote now.
std::variant<Voting, Response> ballot_for(const Request& req, Context& ctx, int status) {
  auto b = store::in_read(ctx.db, [&](store::Tx& tx) {
    Voting b{.p = process_in(tx, req)};
    b.projects = list_projects(tx, b.p.id);
    b.voted = ctx.actor && ballots::has_voted(tx, box_of(b.p.id), ctx.actor->user_id);
    return b;
  });
  auto now = ctx.clock.now();
  if (phase(b.p, now) != Phase::voting)
    return message(ctx, b.p, "Voting is not open", {voting_dates_text(b.p, now) + "."}, status);
  if (!ctx.actor) return modules::sign_in_redirect(req);
  return b;
}

Response vote_page(const Request& req, Context& ctx) {
  auto b = ballot_for(req, ctx, 200);
  if (auto* page = std::get_if<Response>(&b)) return std::move(*page);
  const auto& ballot = std::get<Voting>(b);
  if (!ballot.voted) record_step(ctx.db, modules::command_for(ctx), ballot.p.id, "opened");
  return vote_form(ctx, ballot.p, ballot.projects, {.changing = ballot.voted}, {}, {}, 200);
}

Response vote_submit(const Request& req, Context& ctx) {
  auto b = ballot_for(req, ctx, 409);
  if (auto* page = std::get_if<Response>(&b)) return std::move(*page);
  const auto& [p, projects, voted] = std::get<Voting>(b);
  auto form = req.form();
  auto ballot = ballot_form_of(form);
  if (form.get_or("action", "vote") == "check")
    return vote_form(ctx, p, projects, {.changing = voted}, FormView(form, {}), form, 200);
  try {
    if (voted) {
      change_vote(ctx.db, modules::command_for(ctx), p.id, form.get_or("receipt", "").substr(0, 100), ballot);
      return message(ctx, p, "Your vote has been changed",
                     {"Your new choices have replaced your old ones. Your receipt code stays the same."});
    }
    return receipt_page(ctx, p, vote(ctx.db, modules::command_for(ctx), p.id, ballot));
  } catch (const FormInvalid& e) {
    if (e.status == 409 && !voted)  // voted a moment ago, in another tab or request
      return vote_form(ctx, p, projects, {.changing = true}, FormView(form, {{"receipt", e.what()}}), form,
                       409);
    if (e.status != 422) refused(e);
    if (!voted) record_step(ctx.db, modules::command_for(ctx), p.id, "refused");
    return vote_form(ctx, p, projects, {.changing = voted}, FormView(form, e.errors), form, 422);
  }
}

}  // namespace

Response receipt_page(const Context& ctx, const Process& p, const std::string& receipt) {
  auto res = ctx.page("budgeting/receipt",
                      {.title = "You have voted", .breadcrumbs = crumbs(p), .nav_current = "/budgets"},
                      {{"heading", "You have voted"},
                       {"receipt", receipt},
                       {"closes", civil::long_date(civil::last_day(voting_closes(p)))},
                       {"back_href", process_href(p.id)}});
  // The code is shown this once: no cache, no history copy.
  res.set("Cache-Control", "no-store");
  return res;
}

void register_vote_routes(web::Router& router) {
  router.get("/budgets", list_page);
  router.get("/budgets/{id}", show_page);
  router.get("/budgets/{id}/vote", vote_page);
  router.post("/budgets/{id}/vote", vote_submit);
}

}  // namespace cw::budgeting
