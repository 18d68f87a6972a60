// Officers' review of residents' suggestions: each shows what the resident proposed (beside the current
// values for a correction) and is accepted, which applies it, or declined with a reason.
#include <nlohmann/json.hpp>

#include "modules/accounts/people.h"
#include "modules/accounts/permissions.h"
#include "modules/assets/routes.h"
#include "modules/assets/rules.h"
#include "modules/assets/view_models.h"
#include "web/forms.h"

namespace cw::assets {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::HttpError;
using web::Request;
using web::Response;

json proposed_rows(const AssetDraft& d, const std::optional<Asset>& current) {
  json rows = json::array();
  auto add = [&](const char* key, const std::string& proposed, const std::string& now) {
    if (proposed.empty() && now.empty()) return;
    bool changed = current && proposed != now;
    rows.push_back({{"key", key},
                    {"value", proposed.empty() ? "(blank)" : proposed},
                    {"was", changed ? json(now.empty() ? "(blank)" : now) : json(false)}});
  };
  AssetDraft was = current ? draft_of(*current) : AssetDraft{};
  add("Kind", kind_label(d.kind), current ? kind_label(was.kind) : "");
  add("Category", category_label(d.category), current ? category_label(was.category) : "");
  add("Name", d.name, was.name);
  add("Summary", d.summary, was.summary);
  add("Description", d.description, was.description);
  add("Looked after by", d.steward, was.steward);
  add("Address", d.address, was.address);
  add("Postcode", d.postcode, was.postcode);
  add("Latitude", d.lat, was.lat);
  add("Longitude", d.lon, was.lon);
  add("Contact", d.contact, was.contact);
  add("Website", d.website, was.website);
  add("Opening hours", d.opening_hours, was.opening_hours);
  add("Accessibility", d.accessibility, was.accessibility);
  add("Last checked", d.last_checked, was.last_checked);
  return rows;
}

Response review_page(const Request& req, Context& ctx, const std::string& error = {}, int status = 200) {
  if (!ctx.actor) return Response::redirect("/account/sign-in?next=%2Fassets%2Fsuggestions");
  bool all = accounts::can(ctx.actor, accounts::Action::manage_platform);
  auto items = store::in_read(ctx.db, [&](store::Tx& tx) {
    std::vector<std::int64_t> mine;
    for (const auto& l : accounts::localities_where(tx, ctx.actor, accounts::Action::curate_assets))
      mine.push_back(l.id);
    if (mine.empty() && !all)
      throw HttpError(403, "forbidden", "Only council officers can review suggestions.");
    json list = json::array();
    for (const auto& s : open_suggestions(tx, mine, all)) {
      std::optional<Asset> current = s.asset_id ? find_asset(tx, *s.asset_id) : std::nullopt;
      auto d = draft_from_json(s.fields_json);
      list.push_back({{"id", s.id},
                      {"title", current ? "Correction to " + current->name : "New asset: " + d.name},
                      {"asset_href", current ? json(asset_href(current->id)) : json(false)},
                      {"by", s.user_name.empty() ? "A resident" : s.user_name},
                      {"note", s.note.empty() ? json(false) : json(s.note)},
                      {"rows", proposed_rows(d, current)},
                      {"action", "/assets/suggestions/" + std::to_string(s.id)}});
    }
    return list;
  });
  json errors = false;
  if (!error.empty()) errors = {{"items", json::array({{{"text", error}, {"href", "#suggestions"}}})}};
  bool empty = items.empty();
  (void)req;
  return ctx.page("assets/suggestions",
                  {.title = "Suggestions to review",
                   .breadcrumbs = {{"Home", "/"}, {"Community assets", "/assets"}},
                   .has_errors = !error.empty(),
                   .nav_current = "/assets"},
                  {{"items", std::move(items)}, {"empty", empty}, {"errors", errors}}, status);
}

Response review_list(const Request& req, Context& ctx) {
  return review_page(req, ctx);
}

Response review_decide(const Request& req, Context& ctx) {
  if (!ctx.actor) return Response::redirect("/account/sign-in?next=%2Fassets%2Fsuggestions");
  auto id = path_id(req);
  auto form = req.form();
  auto decision = form.get_or("decision", "");
  try {
    if (decision == "accept") {
      auto asset = accept_suggestion(ctx.db, acting(ctx), id);
      return Response::redirect(asset_href(asset));
    }
    if (decision == "decline") {
      decline_suggestion(ctx.db, acting(ctx), id, form.get_or("reason", ""));
      return Response::redirect("/assets/suggestions");
    }
    return review_page(req, ctx, "Choose whether to accept or decline the suggestion", 422);
  } catch (const FormInvalid& e) {
    if (e.status == 422)
      return review_page(req, ctx, "The suggestion cannot be accepted as it is: " + std::string(e.what()),
                         422);
    throw HttpError(e.status, e.status == 403 ? "forbidden" : "conflict", e.what());
  }
}

}  // namespace

void register_suggestion_routes(web::Router& router) {
  router.get("/assets/suggestions", review_list);
  router.post("/assets/suggestions/{id}", review_decide);
}

}  // namespace cw::assets
