// The demo locality's consultations: one open with a conditional question, one closed with its
// responses and "You said, we did", dated around `now` so the demo always has both.
#pragma once
#include <string>

#include "common/clock.h"
#include "store/db.h"

namespace cw::consultations {

// Loads (or reloads, replacing those of the same titles) the demo consultations of the locality with
// this code, in one transaction. Returns a one-line summary.
std::string load_demo_consultations(store::Db& db, const std::string& locality_code, Micros now);

}  // namespace cw::consultations
