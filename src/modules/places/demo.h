// The demo locality (London Borough of Sutton) shipped in data/demo, and the attribution its data needs.
#pragma once
#include <string>
#include <vector>

#include "store/db.h"

namespace cw::places {

// Loads (or reloads) the demo locality from `dir` in one transaction. Returns a one-line summary
// ("Loaded Sutton: 20 wards, 121 LSOAs, 3856 postcodes"). Throws std::runtime_error naming the file
// and line of any bad input.
std::string load_demo(store::Db& db, const std::string& dir);

// Lines to show in every page footer for the geography and deprivation data on show.
std::vector<std::string> data_attribution();

}  // namespace cw::places
