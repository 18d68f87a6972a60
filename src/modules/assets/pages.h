// Page data the asset register's handlers share: the filter form of the list and map, the actions a
// visitor may take, and the whole asset page. Reads only; no HTML strings beyond rendered Markdown.
#pragma once
#include <cstdint>

#include <nlohmann/json.hpp>

#include "modules/assets/list_query.h"
#include "web/context.h"

namespace cw::assets {

// The list and map's filter form, refilled from the query: {errors, fields: {postcode, q, kind,
// category, ward}, locality_code}.
nlohmann::json filter_form(const ListQuery& q, const web::Request& req);
// Links to add or suggest assets and review suggestions, for who is looking.
nlohmann::json register_actions(const web::Context& ctx, std::int64_t locality_id);
// Everything assets/asset shows. Throws HttpError 404 for an unknown or hidden asset.
nlohmann::json asset_page_data(store::Tx& tx, const web::Context& ctx, std::int64_t id);

}  // namespace cw::assets
