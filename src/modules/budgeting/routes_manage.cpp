// Officers' pages: start a budget, change its details, rules and dates (the rules refused once people
// have voted), and add costed projects to the shortlist before voting opens. Forms post back to
// themselves; errors re-render the form with the GOV.UK error summary and what was typed.
#include <nlohmann/json.hpp>

#include "common/money.h"
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

constexpr std::array<const char*, 6> kDateLegends{
    "Ideas open on",   "Costing starts on",        "The shortlist is published on",
    "Voting opens on", "Results are published on", "Delivery starts on"};

json process_fields(const FormView& form, const Params& typed, const ProcessDraft& d) {
  json dates = json::array();
  for (std::size_t i = 0; i < kDatedPhases.size(); ++i) {
    auto name = phase_slug(kDatedPhases[i]);
    auto value = civil::date_from_parts(d.starts[i][0], d.starts[i][1], d.starts[i][2]);
    dates.push_back(web::date_input(
        form, typed, name, kDateLegends[i], value,
        kDatedPhases[i] == Phase::results ? "Voting closes at the end of the day before." : ""));
  }
  return {
      {"title", form.field("title", "Title", d.title)},
      {"description", form.textarea("description", "Description (optional)", d.description,
                                    "What the money is for, and who may put projects forward.")},
      {"pot",
       form.field("pot", "The pot", d.pot, {.hint = "In pounds, for example £250,000.", .width = "10"})},
      {"rule", form.choices("rule", "How the votes are counted",
                            {{"greedy", "Most votes first",
                              "Fund the projects with the most votes while the money lasts."},
                             {"equalshares/add1", "Method of Equal Shares",
                              "Give each voter an equal share of the pot, so every group gets projects in "
                              "proportion to its size."}},
                            {d.rule}, false)},
      {"ballot_type",
       form.choices("ballot_type", "Kind of ballot",
                    {{"approval", "Choose projects", "Voters tick projects, between a fewest and a most."},
                     {"knapsack", "Spend the pot", "Voters tick projects whose costs fit the pot."},
                     {"cumulative", "Share out points",
                      "Voters spread a number of points over the projects, more to those they want most."},
                     {"ranked", "Rank projects",
                      "Voters put their top projects in order; a 1st choice counts for more than a 2nd."}},
                    {d.ballot_type}, false)},
      {"min_projects",
       form.field("min_projects", "Fewest projects a voter must choose", d.min_projects,
                  {.hint = "For \"Choose projects\" and \"Rank projects\" ballots.", .width = "2"})},
      {"max_projects",
       form.field("max_projects", "Most projects a voter may choose", d.max_projects,
                  {.hint = "For \"Choose projects\" ballots: leave blank for no limit. For \"Rank projects\" "
                           "ballots: how many places to rank, up to 10.",
                   .width = "2"})},
      {"min_share",
       form.field(
           "min_share", "Smallest share of the votes a project needs, in per cent (optional)", d.min_share,
           {.hint =
                "A project with fewer is not funded, whatever the money left. On \"Share out points\" and "
                "\"Rank projects\" ballots, the share of all the points given. Leave blank for none.",
            .width = "2"})},
      {"tie_break", form.choices("tie_break", "When two projects are level",
                                 {{"file", "The one put on the shortlist first goes first", ""},
                                  {"cost", "The cheaper one goes first", ""}},
                                 {d.tie_break}, false)},
      {"comparison",
       form.choices(
           "comparison", "Comparison step (optional)",
           {{"yes",
             "Compare with greedy, and keep the Equal Shares outcome only if no more voters prefer "
             "the greedy one",
             "With the Method of Equal Shares only. A voter prefers the outcome that funds more of the "
             "projects they chose."}},
           {d.comparison}, true)},
      {"min_age", form.field("min_age", "Youngest age at which people may vote (optional)", d.min_age,
                             {.hint = "Voters confirm they are this age or older when they vote. Leave blank "
                                      "for no minimum.",
                              .width = "2"})},
      {"points", form.field("points", "Points each voter shares out", d.points,
                            {.hint = "For \"Share out points\" ballots, for example 10.", .width = "3"})},
      {"dates", dates}};
}

ProcessDraft draft_from(const Params& form) {
  ProcessDraft d{.title = form.get_or("title", "").substr(0, 1000),
                 .description = form.get_or("description", "").substr(0, 20'000),
                 .pot = form.get_or("pot", "").substr(0, 30),
                 .rule = form.get_or("rule", ""),
                 .ballot_type = form.get_or("ballot_type", ""),
                 .min_projects = form.get_or("min_projects", "").substr(0, 10),
                 .max_projects = form.get_or("max_projects", "").substr(0, 10),
                 .points = form.get_or("points", "").substr(0, 10),
                 .min_share = form.get_or("min_share", "").substr(0, 10),
                 .tie_break = form.get_or("tie_break", "file"),
                 .comparison = form.get_or("comparison", "").substr(0, 10),
                 .min_age = form.get_or("min_age", "").substr(0, 10),
                 .amendment = form.get_or("amendment", "").substr(0, 5000)};
  for (std::size_t i = 0; i < kDatedPhases.size(); ++i) {
    std::string name = phase_slug(kDatedPhases[i]);
    d.starts[i] = {form.get_or(name + "-day", ""), form.get_or(name + "-month", ""),
                   form.get_or(name + "-year", "")};
  }
  return d;
}

Response process_form(const Context& ctx, const std::string& caption, const std::string& heading,
                      const std::string& action, const std::string& back, const ProcessDraft& d,
                      const Params& typed, const FormView& form, bool frozen, int status) {
  json data{{"caption", caption},
            {"heading", heading},
            {"action", action},
            {"back_href", back},
            {"frozen", frozen},
            {"fields", process_fields(form, typed, d)},
            {"amendment",
             frozen ? form.textarea("amendment", "Why the counting rules must change (optional)", d.amendment,
                                    "Only to amend the pot, the counting rule, the smallest share "
                                    "or the tie-break after people have voted. Published on the "
                                    "budget's page with what changed.")
                    : json(false)},
            {"errors", form.summary()}};
  return web::form_page(ctx, "budgeting/form", heading, {"Budgets", "/budgets"}, std::move(data), form,
                        status, "/budgets");
}

Response new_page(const Request& req, Context& ctx) {
  auto l = store::in_read(ctx.db, [&](store::Tx& tx) {
    return places::request_locality(tx, req, "No area has been loaded yet, so there are no budgets.");
  });
  if (!ctx.actor) return modules::sign_in_redirect(req);
  if (!can_manage(ctx.actor, l.id))
    throw web::HttpError(403, "forbidden", "You cannot run budgets in this area.");
  return process_form(ctx, l.name, "Start a budget", "/budgets/new?locality=" + l.code, "/budgets", {}, {},
                      {}, false, 200);
}

Response new_submit(const Request& req, Context& ctx) {
  auto l = store::in_read(ctx.db, [&](store::Tx& tx) {
    return places::request_locality(tx, req, "No area has been loaded yet, so there are no budgets.");
  });
  auto form = req.form();
  auto draft = draft_from(form);
  try {
    auto id = create_process(ctx.db, modules::command_for(ctx), l.id, draft);
    return Response::redirect(process_href(id) + "?done=created");
  } catch (const FormInvalid& e) {
    if (e.status != 422) refused(e);
    return process_form(ctx, l.name, "Start a budget", "/budgets/new?locality=" + l.code, "/budgets", draft,
                        form, FormView(form, e.errors), false, 422);
  }
}

Process managed_process(const Request& req, Context& ctx) {
  auto p = store::in_read(ctx.db, [&](store::Tx& tx) { return process_in(tx, req); });
  if (!can_manage(ctx.actor, p.locality_id))
    throw web::HttpError(403, "forbidden", "You cannot change this budget.");
  return p;
}

Response edit_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return modules::sign_in_redirect(req);
  auto p = managed_process(req, ctx);
  return process_form(ctx, p.title, "Change the budget", process_href(p.id) + "/edit", process_href(p.id),
                      draft_of(p), {}, {}, phase(p, ctx.clock.now()) >= Phase::voting, 200);
}

Response edit_submit(const Request& req, Context& ctx) {
  auto p = managed_process(req, ctx);
  auto form = req.form();
  auto draft = draft_from(form);
  try {
    edit_process(ctx.db, modules::command_for(ctx), p.id, draft);
    return Response::redirect(process_href(p.id) + "?done=saved");
  } catch (const FormInvalid& e) {
    if (e.status != 422 && e.status != 409) refused(e);
    return process_form(ctx, p.title, "Change the budget", process_href(p.id) + "/edit", process_href(p.id),
                        draft, form, FormView(form, e.errors), e.status == 409, e.status);
  }
}

Response project_form(const Context& ctx, const Process& p, const FormView& form, int status) {
  auto wards = store::in_read(ctx.db, [&](store::Tx& tx) { return places::ward_refs(tx, p.locality_id); });
  std::vector<FormView::Choice> choices{{"", "The whole area", ""}};
  for (const auto& w : wards) choices.push_back({w.code, w.name, ""});
  json fields{{"title", form.field("title", "Project title")},
              {"description", form.textarea("description", "What it is (optional)")},
              {"ward", form.select("ward", "Where", choices)},
              {"cost", form.field("cost", "What it costs", "",
                                  {.hint = "In pounds, for example £12,500.", .width = "10"})}};
  json data{{"caption", p.title},
            {"action", process_href(p.id) + "/projects/new"},
            {"back_href", process_href(p.id)},
            {"fields", fields},
            {"errors", form.summary()}};
  return ctx.page("budgeting/project_form",
                  {.title = "Add a project",
                   .breadcrumbs = crumbs(p),
                   .has_errors = form.has_errors(),
                   .nav_current = "/budgets"},
                  std::move(data), status);
}

Response project_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return modules::sign_in_redirect(req);
  auto p = managed_process(req, ctx);
  if (phase(p, ctx.clock.now()) >= Phase::voting)
    return message(ctx, p, "The shortlist is fixed",
                   {"Voting has opened, so projects can no longer be added."}, 409);
  return project_form(ctx, p, {}, 200);
}

Response project_submit(const Request& req, Context& ctx) {
  auto p = managed_process(req, ctx);
  auto form = req.form();
  ProjectDraft draft{.title = form.get_or("title", "").substr(0, 1000),
                     .description = form.get_or("description", "").substr(0, 20'000),
                     .ward_code = form.get_or("ward", "").substr(0, 20),
                     .cost = form.get_or("cost", "").substr(0, 30)};
  try {
    add_project(ctx.db, modules::command_for(ctx), p.id, draft);
    return Response::redirect(process_href(p.id) + "?done=project");
  } catch (const FormInvalid& e) {
    if (e.status != 422) refused(e);
    return project_form(ctx, p, FormView(form, e.errors), 422);
  }
}

}  // namespace

void register_manage_routes(web::Router& router) {
  router.get("/budgets/new", new_page);
  router.post("/budgets/new", new_submit);
  router.get("/budgets/{id}/edit", edit_page);
  router.post("/budgets/{id}/edit", edit_submit);
  router.get("/budgets/{id}/projects/new", project_page);
  router.post("/budgets/{id}/projects/new", project_submit);
}

}  // namespace cw::budgeting
