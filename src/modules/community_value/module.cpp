#include "modules/community_value/module.h"

#include "modules/accounts/people.h"
#include "modules/assets/register.h"
#include "modules/community_value/routes.h"
#include "modules/community_value/store.h"

namespace cw::community_value {

namespace {

// On an asset's page: the timeline of its latest nomination, and a link to nominate a hard asset, or
// to its case while one is open (a second nomination of a listed or pending asset would be refused).
assets::AssetSection asset_section() {
  return {
      .name = "community_value",
      .order = 10,
      .render = [](store::Tx& tx, const assets::AssetSectionContext& a) -> std::string {
        auto timeline = timeline_for_asset(tx, a.asset.id, a.now);
        return timeline ? a.views->render("community_value/timeline", *timeline) : "";
      },
      .actions = [](store::Tx& tx, const assets::AssetSectionContext& a) -> std::vector<assets::AssetLink> {
        if (!a.hard) return {};
        if (auto id = latest_case_for_asset(tx, a.asset.id))
          if (auto c = find_case(tx, *id);
              c && (c->facts.status == Status::nominated || c->facts.status == Status::listed))
            return {{"See its Right to Bid case", "/assets/community-value/" + std::to_string(*id)}};
        return {{"Nominate it as an asset of community value",
                 "/assets/community-value/nominate?asset=" + std::to_string(a.asset.id)}};
      }};
}

// Officers' queue on the officer home: nominations waiting for the council's decision, the same cases
// the list it links to shows under "awaiting a decision" (owners' reviews are not among them yet).
modules::Queue decisions_due() {
  return {.title = "Right to Bid decisions due",
          .href = "/assets/community-value?status=awaiting_decision",
          .order = 30,
          .count = [](store::Tx& tx, const Actor& a, Micros) -> std::optional<std::int64_t> {
            auto ids = accounts::locality_ids_where(tx, &a, accounts::Action::curate_assets);
            if (ids.empty()) return std::nullopt;
            std::int64_t n = 0;
            for (auto id : ids)
              for (const auto& c : list_cases(tx, id))
                if (c.facts.status == Status::nominated) ++n;
            return n;
          }};
}

}  // namespace

modules::Module module() {
  assets::register_asset_section(asset_section());
  return {.name = "community_value",
          .register_routes = register_routes,
          .jobs = jobs(),
          .queues = {decisions_due()},
          .personal_data = {personal_data()}};
}

}  // namespace cw::community_value
