#include "modules/assets/module.h"

#include <nlohmann/json.hpp>

#include "modules/assets/routes.h"
#include "modules/assets/search_entry.h"
#include "modules/assets/store.h"
#include "modules/assets/view_models.h"
#include "modules/moderation/moderation.h"
#include "modules/places/ward_sections.h"

namespace cw::assets {

namespace {

// Readers can report what an asset's page says; a moderator's "hide" takes it off the public register.
moderation::ContentKind asset_content_kind() {
  return {.name = "asset",
          .label = "Community asset",
          .describe = [](store::Tx& tx, const std::string& id) -> std::optional<moderation::ContentInfo> {
            auto n = moderation::content_number(id);
            if (!n) return std::nullopt;
            auto a = find_asset(tx, *n);
            if (!a || a->status == "removed") return std::nullopt;
            return moderation::ContentInfo{
                .title = "Community asset: " + a->name,
                .text = a->summary + (a->summary.empty() ? "" : "\n\n") + a->description,
                .author_user_id = a->created_by,
                .locality_id = a->locality_id,
                .url = asset_href(a->id),
                .hidden = a->status == "hidden"};
          },
          .set_hidden =
              [](store::Tx& tx, const std::string& id, bool hidden, Micros) {
                set_asset_status(tx, std::stoll(id), hidden ? "hidden" : "published", 0);
                sync_search_entry(tx, std::stoll(id));
              }};
}

// The ward page's list of the ward's assets.
std::string ward_section(store::Tx& tx, const places::WardSectionContext& ward) {
  AssetFilter filter{.locality_id = ward.locality_id, .ward_code = ward.ward_code, .per_page = 50};
  auto list = list_assets(tx, filter);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& a : list.items) items.push_back(list_item(a));
  return ward.views->render(
      "assets/ward_section",
      {{"ward_name", ward.ward_name},
       {"total", list.total},
       {"one", list.total == 1},
       {"items", std::move(items)},
       {"has_items", list.total > 0},
       {"more", list.total > static_cast<std::int64_t>(list.items.size())},
       {"all_href", "/assets?locality=" + ward.locality_code + "&ward=" + ward.ward_code},
       {"map_href", "/assets/map?locality=" + ward.locality_code + "&ward=" + ward.ward_code}});
}

void register_routes(web::Router& router) {
  register_public_routes(router);
  register_api_routes(router);
  register_edit_routes(router);
  register_photo_routes(router);
}

}  // namespace

modules::Module module() {
  moderation::register_content_kind(asset_content_kind());
  places::register_ward_section({.name = "assets", .order = 10, .render = ward_section});
  return {.name = "assets",
          .nav = {{.label = "Community assets",
                   .href = "/assets",
                   .summary =
                       "The buildings, land, open spaces, groups and skills of the area, on a map and in a "
                       "list, and the assets of community value that groups can bid for."}},
          .register_routes = register_routes,
          .jobs = {search_entries_job()},
          .personal_data = {personal_data()}};
}

}  // namespace cw::assets
