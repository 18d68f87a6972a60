// Projects the organisers exclude after the count, each with its published reason: the results page's
// section showing what the rules alone funded beside the published outcome, the officers' form to
// exclude a project, and its POST, which counts the sealed ballots again without it.
#include <algorithm>

#include "common/civil_date.h"
#include "modules/budgeting/pages.h"
#include "modules/budgeting/store.h"
#include "modules/command.h"

namespace cw::budgeting {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::FormView;
using web::Request;
using web::Response;

bool listed(const std::vector<std::string>& ids, std::int64_t id) {
  return std::find(ids.begin(), ids.end(), std::to_string(id)) != ids.end();
}

// Every project funded by the rules or published as funded: what the rules gave it → what is published.
json outcome_rows(const std::vector<Project>& projects, const Results& r) {
  json rows = json::array();
  for (const auto& pr : projects) {
    bool by_rules = listed(r.by_the_rules, pr.id), funded = r.funded(pr.id);
    if (!by_rules && !funded) continue;
    rows.push_back({{"title", pr.title},
                    {"by_rules", by_rules ? "Funded" : "Not funded"},
                    {"published", funded              ? "Funded"
                                  : r.excluded(pr.id) ? "Excluded"
                                                      : "Not funded"}});
  }
  return rows;
}

json exclude_form(const Process& p, const std::vector<Project>& projects, const Results& r,
                  const FormView& form) {
  std::vector<FormView::Choice> choices{{"", "Choose a project", ""}};
  for (const auto& pr : projects)
    if (!r.excluded(pr.id)) choices.push_back({std::to_string(pr.id), pr.title, ""});
  return {{"action", process_href(p.id) + "/exclusions"},
          {"project", form.select("project", "Project to exclude", choices)},
          {"reason", form.textarea("reason", "Why it is excluded", "",
                                   "Published on this page, beside what the rules alone funded.", 4)}};
}

Response exclude_post(const Request& req, Context& ctx) {
  auto form = req.form();
  auto id = path_id(req);
  try {
    auto project = form.get_or("project", "");
    auto project_id =
        project.size() > 0 && project.size() < 19 &&
                std::all_of(project.begin(), project.end(), [](char c) { return c >= '0' && c <= '9'; })
            ? std::stoll(project)
            : 0;
    exclude_project(ctx.db, modules::command_for(ctx), id, project_id,
                    form.get_or("reason", "").substr(0, 5000));
  } catch (const FormInvalid& e) {
    if (e.status != 422) refused(e);
    return results_view(req, ctx, FormView(form, e.errors), 422);
  }
  return Response::redirect(process_href(id) + "/results?done=excluded#exclusions");
}

}  // namespace

json exclusions_section(const Context& ctx, const Process& p, const std::vector<Project>& projects,
                        const Results& r, const std::vector<Exclusion>& exclusions, const FormView& form) {
  json items = json::array();
  for (const auto& e : exclusions) {
    auto pr = std::find_if(projects.begin(), projects.end(), [&](auto& x) { return x.id == e.project_id; });
    items.push_back({{"title", pr == projects.end() ? "A project" : pr->title},
                     {"reason", e.reason},
                     {"date", civil::long_date(e.made_at)}});
  }
  bool may_exclude = can_manage(ctx.actor, p.locality_id) && phase(p, ctx.clock.now()) == Phase::results;
  return {{"has_exclusions", !exclusions.empty()},
          {"items", items},
          {"rows", outcome_rows(projects, r)},
          {"form", may_exclude ? exclude_form(p, projects, r, form) : json(false)}};
}

void register_exclusion_routes(web::Router& router) {
  router.post("/budgets/{id}/exclusions", exclude_post);
}

}  // namespace cw::budgeting
