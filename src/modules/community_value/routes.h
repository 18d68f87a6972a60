// The Right to Bid's handlers and background job, as its manifest (module.cpp) wires them, and the
// asset page's timeline of an asset's latest nomination.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "modules/module.h"
#include "store/db.h"
#include "web/router.h"

namespace cw::community_value {

// Pages and JSON under /assets/community-value and /api/v1/community-value.
void register_routes(web::Router& router);

// The hourly reminder job: officers before and after a decision is due, followers before a bidding
// window closes and after a moratorium or listing ends; each reminder once. Mail links start with the
// site's public address.
std::vector<modules::Job> jobs();

// View data for the view "community_value/timeline" about the asset's latest nomination: its standing,
// a link to the case and every statutory date marked done, due, overdue, upcoming or passed; nullopt
// when the asset was never nominated.
std::optional<nlohmann::json> timeline_for_asset(store::Tx& tx, std::int64_t asset_id, Micros now);

}  // namespace cw::community_value
