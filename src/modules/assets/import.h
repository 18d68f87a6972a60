// Loading assets in bulk: a register CSV (the same columns the CSV export writes, so an export can be
// edited and imported elsewhere) and the demo's public libraries. Each import is one transaction: a bad
// row stops it and nothing is written.
#pragma once
#include <string>
#include <vector>

#include "common/clock.h"
#include "modules/assets/rules.h"
#include "store/db.h"

namespace cw::assets {

// Adds every row of `csv` to the locality's register. Columns by name: name, kind, category required;
// summary, description, steward, address, postcode, lat, lon, wards (ward codes separated by spaces),
// contact, website, opening_hours, accessibility, source, last_checked optional; others ignored.
// Returns a one-line summary. Throws std::runtime_error "<label>: line N: <what to fix>".
std::string import_assets_csv(store::Db& db, const std::string& locality_code, const std::string& csv,
                              const std::string& label, Micros now);

// The demo's libraries file (Arts Council England basic dataset for libraries, as cleaned by Libraries
// Hacked) as drafts: every library building, open or closed, with its hours and contact.
std::vector<AssetDraft> library_drafts(const std::string& csv, const std::string& label);

// Loads data/demo/assets.csv into the locality unless its libraries are already there.
std::string load_demo_assets(store::Db& db, const std::string& locality_code, const std::string& path,
                             Micros now);

}  // namespace cw::assets
