// The demo locality's petitions: two open (one with the council's response), one closed after a debate
// and one rejected, with signatures spread over the locality's real postcodes, dated around `now` so the
// demo always shows each list.
#pragma once
#include <string>

#include "common/clock.h"
#include "store/db.h"

namespace cw::petitions {

// Loads (or reloads, replacing those with the same action) the demo petitions of the locality with this
// code, in one transaction. Returns a one-line summary.
std::string load_demo_petitions(store::Db& db, const std::string& locality_code, Micros now);

}  // namespace cw::petitions
