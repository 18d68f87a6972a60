#include "modules/asset_transfer/module.h"

#include <algorithm>

#include "modules/accounts/people.h"
#include "modules/asset_transfer/routes.h"
#include "modules/asset_transfer/store.h"
#include "modules/assets/register.h"

namespace cw::asset_transfer {

namespace {

// On a hard asset's page: a link to ask for it to be transferred.
assets::AssetSection asset_section() {
  return {.name = "asset_transfer",
          .order = 20,
          .actions = [](store::Tx&, const assets::AssetSectionContext& a) -> std::vector<assets::AssetLink> {
            if (!a.hard) return {};
            return {{"Ask for it to be transferred to a community group",
                     "/assets/transfers/new?asset=" + std::to_string(a.asset.id)}};
          }};
}

// Officers' queue on the officer home: cases neither transferred, refused nor withdrawn.
modules::Queue in_progress() {
  return {.title = "Asset transfers in progress",
          .href = "/assets/transfers",
          .order = 40,
          .count = [](store::Tx& tx, const Actor& a, Micros) -> std::optional<std::int64_t> {
            auto ids = accounts::locality_ids_where(tx, &a, accounts::Action::curate_assets);
            if (ids.empty()) return std::nullopt;
            std::int64_t n = 0;
            for (const auto& t : list_transfers(tx, false)) {
              auto stage = t.facts.stage;
              bool open = stage != Stage::transferred && stage != Stage::refused && stage != Stage::withdrawn;
              if (open && std::find(ids.begin(), ids.end(), t.locality_id) != ids.end()) ++n;
            }
            return n;
          }};
}

}  // namespace

modules::Module module() {
  assets::register_asset_section(asset_section());
  return {.name = "asset_transfer",
          .register_routes = register_routes,
          .queues = {in_progress()},
          .personal_data = {personal_data()}};
}

}  // namespace cw::asset_transfer
