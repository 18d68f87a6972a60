#include "modules/asset_transfer/module.h"

#include "modules/asset_transfer/routes.h"
#include "modules/assets/register.h"

namespace cw::asset_transfer {

namespace {

// On a hard asset's page: a link to ask for it to be transferred.
assets::AssetSection asset_section() {
  return {.name = "asset_transfer",
          .order = 20,
          .actions = [](const assets::AssetSectionContext& a) -> std::vector<assets::AssetLink> {
            if (!a.hard) return {};
            return {{"Ask for it to be transferred to a community group",
                     "/assets/transfers/new?asset=" + std::to_string(a.asset.id)}};
          }};
}

}  // namespace

modules::Module module() {
  assets::register_asset_section(asset_section());
  return {.name = "asset_transfer", .register_routes = register_routes};
}

}  // namespace cw::asset_transfer
