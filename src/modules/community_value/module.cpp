#include "modules/community_value/module.h"

#include "modules/assets/register.h"
#include "modules/community_value/routes.h"

namespace cw::community_value {

namespace {

// On an asset's page: the timeline of its latest nomination, and a link to nominate a hard asset.
assets::AssetSection asset_section() {
  return {.name = "community_value",
          .order = 10,
          .render = [](store::Tx& tx, const assets::AssetSectionContext& a) -> std::string {
            auto timeline = timeline_for_asset(tx, a.asset.id, a.now);
            return timeline ? a.views->render("community_value/timeline", *timeline) : "";
          },
          .actions = [](const assets::AssetSectionContext& a) -> std::vector<assets::AssetLink> {
            if (!a.hard) return {};
            return {{"Nominate it as an asset of community value",
                     "/assets/community-value/nominate?asset=" + std::to_string(a.asset.id)}};
          }};
}

}  // namespace

modules::Module module() {
  assets::register_asset_section(asset_section());
  return {.name = "community_value", .register_routes = register_routes, .jobs = jobs()};
}

}  // namespace cw::community_value
