#include "modules/assets/pages.h"

#include "html/markdown.h"
#include "modules/accounts/permissions.h"
#include "modules/assets/routes.h"
#include "modules/assets/rules.h"
#include "modules/assets/view_models.h"
#include "modules/community_value/routes.h"
#include "modules/places/view_models.h"
#include "modules/places/ward_map.h"

namespace cw::assets {

namespace {

using nlohmann::json;
using Choice = web::FormView::Choice;

std::vector<Choice> kind_choices(const char* any) {
  std::vector<Choice> out{{"", any, ""}};
  for (const auto& k : asset_kinds()) out.push_back({k.name, k.label, k.hint});
  return out;
}

std::vector<Choice> category_choices(const char* any) {
  std::vector<Choice> out{{"", any, ""}};
  for (const auto& c : asset_categories()) out.push_back({c.name, c.label, ""});
  return out;
}

std::vector<Choice> ward_choices(const std::vector<places::WardRef>& wards, const char* any) {
  std::vector<Choice> out{{"", any, ""}};
  for (const auto& w : wards) out.push_back({w.code, w.name, ""});
  return out;
}

}  // namespace

json filter_form(const ListQuery& q, const web::Request& req) {
  web::FormView form(req.query, q.errors);
  return {{"errors", form.summary()},
          {"locality_code", q.locality.code},
          {"fields",
           {{"postcode",
             form.field("postcode", "Postcode", "",
                        {.autocomplete = "postal-code", .hint = "To list the nearest first", .width = "10"})},
            {"q", form.field("q", "Words to search for", "", {.type = "search"})},
            {"kind", form.select("kind", "Kind", kind_choices("Any kind"))},
            {"category", form.select("category", "Category", category_choices("Any category"))},
            {"ward", form.select("ward", "Ward", ward_choices(q.wards, "Any ward"))}}}};
}

json register_actions(const web::Context& ctx, std::int64_t locality_id) {
  bool officer = accounts::can(ctx.actor, accounts::Action::curate_assets, {.locality_id = locality_id});
  return {{"can_add", can_add(ctx.actor, locality_id)},
          {"can_suggest", ctx.actor != nullptr},
          {"can_review", officer},
          {"signed_out", ctx.actor == nullptr}};
}

json asset_page_data(store::Tx& tx, const web::Context& ctx, std::int64_t id) {
  Asset a = visible_asset(tx, ctx, id);
  auto locality = locality_by_id(tx, a.locality_id);
  std::string ward_href = a.ward_code ? places::ward_href(locality.code, *a.ward_code) : "";
  json map = false;
  if (a.lat && a.lon) {
    auto shapes = places::ward_shapes(tx, a.locality_id);
    map = places::svg_map(
        shapes, {{a.id, a.name, a.kind, asset_href(a.id), *a.lat, *a.lon}},
        {.title = "Where " + a.name + " is",
         .description = "A map of " + (a.ward_name.empty() ? locality.name : a.ward_name + " ward") +
                        " with " + a.name + " marked.",
         .highlight_ward = a.ward_code.value_or(""),
         .width = 480,
         .point_radius = 14});
  }
  json wards = json::array();
  if (!is_hard(a.kind)) {
    auto all = places::ward_refs(tx, a.locality_id);
    for (const auto& w : all)
      if (std::find(a.ward_codes.begin(), a.ward_codes.end(), w.code) != a.ward_codes.end())
        wards.push_back({{"name", w.name}, {"href", places::ward_href(locality.code, w.code)}});
  }
  json photos = json::array();
  for (const auto& p : list_photos(tx, a.id))
    photos.push_back({{"src", asset_href(a.id) + "/photos/" + std::to_string(p.id) +
                                  (p.content_type == "image/png" ? ".png" : ".jpg")},
                      {"alt", p.alt_text},
                      {"width", p.width},
                      {"height", p.height},
                      {"id", p.id}});
  bool editable = can_edit(ctx.actor, a);
  // What other modules add: the Right to Bid's timeline, and links to nominate or ask for a transfer.
  auto added = render_asset_sections(tx, {.asset = {a.id, a.locality_id, a.name, a.address},
                                          .hard = is_hard(a.kind),
                                          .views = &ctx.views,
                                          .actor = ctx.actor,
                                          .now = ctx.clock.now()});
  json sections = json::array(), more = json::array();
  for (auto& html : added.html) sections.push_back({{"html", std::move(html)}});
  for (const auto& link : added.actions) more.push_back({{"text", link.text}, {"href", link.href}});
  return {
      {"asset",
       {{"id", a.id},
        {"name", a.name},
        {"kind", kind_label(a.kind)},
        {"category", category_label(a.category)},
        {"summary", a.summary.empty() ? json(false) : json(a.summary)},
        {"hidden", a.status == "hidden"},
        {"hard", is_hard(a.kind)}}},
      {"description_html", a.description.empty() ? json(false) : json(html::render_markdown(a.description))},
      {"details", detail_rows(a, ward_href)},
      {"map", map},
      {"wards", wards},
      {"has_wards", !wards.empty()},
      {"photos", photos},
      {"has_photos", !photos.empty()},
      {"sections", std::move(sections)},
      {"locality", {{"code", locality.code}, {"name", locality.name}}},
      {"actions",
       {{"edit", editable},
        {"suggest", ctx.actor != nullptr && !editable},
        {"signed_out", ctx.actor == nullptr},
        {"more", std::move(more)},
        {"report_href", "/report/asset/" + std::to_string(a.id)}}}};
}

}  // namespace cw::assets
