// The Community Right to Bid (assets of community value) and Community Asset Transfer, as the assets
// module's manifest and asset page use them: their routes, their background job, and an asset's Right
// to Bid status for its page. The only header of these two features that other files include.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "modules/module.h"
#include "store/db.h"
#include "web/router.h"

namespace cw::assets {

// Pages and JSON under /assets/community-value and /api/v1/community-value.
void register_community_value_routes(web::Router& router);
// Pages and JSON under /assets/transfers and /api/v1/transfers.
void register_transfer_routes(web::Router& router);

// The hourly reminder job: officers before and after a decision is due, followers before a bidding
// window closes and after a moratorium or listing ends; each reminder once. Mail links start with the
// site's public address.
std::vector<modules::Job> community_value_jobs();

// View data for the partial "assets/community_value_timeline" about the asset's latest nomination:
// its standing, a link to the case and every statutory date marked done, due, overdue, upcoming or
// passed; nullopt when the asset was never nominated. Use {{#acv}}{{> assets/community_value_timeline}}
// {{/acv}} on the asset page.
std::optional<nlohmann::json> community_value_timeline_for_asset(store::Tx& tx, std::int64_t asset_id,
                                                                 Micros now);

}  // namespace cw::assets
