// Keeps an asset's entry in the site search (modules/search/index.h) in step with the register: a
// published asset is indexed, a hidden or removed one taken off. Called in the transaction of every
// change to an asset, after its wards are written.
#pragma once
#include <cstdint>

#include "store/db.h"

namespace cw::assets {

void sync_search_entry(store::Tx& tx, std::int64_t asset_id);

}  // namespace cw::assets
