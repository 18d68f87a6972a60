// Delivery of what was funded: the list of funded projects with their status and progress, and each
// project's page with its dated updates, links back to its idea and to why it was funded, and, for
// officers, the form to post an update. Works without JavaScript like every form here.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/civil_date.h"
#include "common/money.h"
#include "modules/budgeting/pages.h"
#include "modules/budgeting/store.h"
#include "web/form_fields.h"
#include "web/path_number.h"

namespace cw::budgeting {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::FormView;
using web::Request;
using web::Response;

std::string delivery_href(std::int64_t id) {
  return process_href(id) + "/delivery";
}

json status_json(const std::optional<DeliveryUpdate>& u) {
  auto status = u ? u->status : DeliveryStatus::not_started;
  return {{"text", delivery_status_label(status)},
          {"colour", delivery_status_colour(status)},
          {"progress", std::to_string(u ? u->progress : 0) + "%"}};
}

std::vector<Project> funded_projects(Context& ctx, const Process& p, const Results& r) {
  auto all = store::in_read(ctx.db, [&](store::Tx& tx) { return list_projects(tx, p.id); });
  std::vector<Project> out;
  for (const auto& s : r.selected)
    for (const auto& pr : all)
      if (std::to_string(pr.id) == s) out.push_back(pr);
  return out;
}

Response delivery_page(const Request& req, Context& ctx) {
  auto [p, r] = counted(req, ctx);
  auto latest = store::in_read(ctx.db, [&](store::Tx& tx) { return latest_delivery_updates(tx, p.id); });
  json rows = json::array();
  int done = 0;
  auto projects = funded_projects(ctx, p, r);
  for (const auto& pr : projects) {
    auto it = latest.find(pr.id);
    auto u = it == latest.end() ? std::nullopt : std::optional(it->second);
    done += u && u->status == DeliveryStatus::done;
    rows.push_back({{"title", pr.title},
                    {"href", delivery_href(p.id) + "/" + std::to_string(pr.id)},
                    {"cost", money::format(pr.cost)},
                    {"status", status_json(u)},
                    {"latest", u ? civil::long_date(u->created_at) + ": " + u->note : "No update yet."}});
  }
  return ctx.page("budgeting/delivery",
                  {.title = "Delivery: " + p.title, .breadcrumbs = crumbs(p), .nav_current = "/budgets"},
                  {{"title", p.title},
                   {"summary", std::to_string(done) + " of " + std::to_string(projects.size()) +
                                   " funded projects are done."},
                   {"rows", rows},
                   {"has_rows", !rows.empty()},
                   {"results_href", process_href(p.id) + "/results"}});
}

Response project_view(const Request& req, Context& ctx, const FormView& form, const web::Params& typed,
                      int status) {
  auto [p, r] = counted(req, ctx);
  auto project_id = web::path_number(req, "project", "There is no funded project with that number.");
  auto funded = funded_projects(ctx, p, r);
  auto it = std::find_if(funded.begin(), funded.end(), [&](const auto& pr) { return pr.id == project_id; });
  if (it == funded.end())
    throw web::HttpError(404, "not_found", "There is no funded project with that number.");
  auto updates = store::in_read(ctx.db, [&](store::Tx& tx) { return delivery_updates(tx, project_id); });
  json items = json::array();
  for (const auto& u : updates)
    items.push_back({{"when", civil::long_date(u.created_at)}, {"status", status_json(u)}, {"note", u.note}});
  json data{{"title", it->title},
            {"caption", p.title},
            {"cost", money::format(it->cost)},
            {"status", status_json(updates.empty() ? std::nullopt : std::optional(updates.front()))},
            {"updates", items},
            {"has_updates", !items.empty()},
            {"why_href", process_href(p.id) + "/results/projects/" + std::to_string(it->id)},
            {"idea_href",
             it->idea_id ? json(process_href(p.id) + "/ideas/" + std::to_string(*it->idea_id)) : json(false)},
            {"delivery_href", delivery_href(p.id)},
            {"errors", form.summary()}};
  if (can_manage(ctx.actor, p.locality_id)) {
    std::vector<std::pair<std::string, std::string>> options;
    for (auto s : kDeliveryStatuses) options.emplace_back(delivery_status_slug(s), delivery_status_label(s));
    data["form"] = {{"action", delivery_href(p.id) + "/" + std::to_string(it->id)},
                    {"status", web::radios(form, typed, "status", "Where has the project got to?", options)},
                    {"progress", form.field("progress", "How far along is it, in per cent?", "",
                                            {.hint = "A whole number from 0 to 100", .width = "3"})},
                    {"note", web::textarea(form, typed, "note", "What has happened?",
                                           "Residents read this: say what was done, or why not")}};
  }
  return ctx.page("budgeting/delivery_project",
                  {.title = it->title,
                   .breadcrumbs = crumbs(p),
                   .has_errors = form.has_errors(),
                   .nav_current = "/budgets"},
                  std::move(data), status);
}

Response project_page(const Request& req, Context& ctx) {
  return project_view(req, ctx, {}, {}, 200);
}

Response post_update(const Request& req, Context& ctx) {
  auto form = req.form();
  auto p = store::in_read(ctx.db, [&](store::Tx& tx) { return process_in(tx, req); });
  auto project_id = web::path_number(req, "project", "There is no funded project with that number.");
  try {
    add_delivery_update(
        ctx.db, modules::command_for(ctx), p.id, project_id,
        {form.get_or("status", ""), form.get_or("progress", "").substr(0, 20), form.get_or("note", "")});
  } catch (const FormInvalid& e) {
    if (e.status != 422) refused(e);
    return project_view(req, ctx, FormView(form, e.errors), form, 422);
  }
  return Response::redirect(delivery_href(p.id) + "/" + std::to_string(project_id));
}

}  // namespace

void register_delivery_routes(web::Router& router) {
  router.get("/budgets/{id}/delivery", delivery_page);
  router.get("/budgets/{id}/delivery/{project}", project_page);
  router.post("/budgets/{id}/delivery/{project}", post_update);
}

}  // namespace cw::budgeting
