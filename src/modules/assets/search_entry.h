// Keeps an asset's entry in the site search (modules/search/index.h) in step with the register: a
// published asset is indexed, a hidden or removed one taken off. Called in the transaction of every
// change to an asset, after its wards are written.
#pragma once
#include <cstdint>

#include "modules/module.h"
#include "store/db.h"

namespace cw::assets {

void sync_search_entry(store::Tx& tx, std::int64_t asset_id);

// Indexes every published asset the search lacks and takes out entries of assets no longer published:
// a register that predates the search index, or one changed by hand. Returns how many entries changed.
std::int64_t reconcile_search_entries(store::Db& db);
// The job that runs it (cheap when nothing differs: two lists of ids compared).
modules::Job search_entries_job();

}  // namespace cw::assets
