// The demo locality as `commonweal demo` and the test servers load it: Sutton's geography, then its
// libraries in the asset register. Safe to run again.
#pragma once
#include <string>

#include "common/clock.h"
#include "store/db.h"

namespace cw::app {

// Returns what was loaded, a line per module. Throws std::runtime_error naming a bad file and line.
std::string load_demo_data(store::Db& db, const std::string& dir, Micros now);

}  // namespace cw::app
