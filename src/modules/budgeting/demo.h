// The demo locality's participatory budgets: one finished (2,400 generated ballots from the locality's
// real postcodes, counted by Equal Shares with add1, results and fairness report published) and one
// open for ideas with a few put forward, dated around `now` so the demo always shows both.
#pragma once
#include <string>

#include "common/clock.h"
#include "store/db.h"

namespace cw::budgeting {

// Loads (or reloads, replacing those with the same title) the demo budgets of the locality with this
// code. Returns a one-line summary.
std::string load_demo_budgets(store::Db& db, const std::string& locality_code, Micros now);

}  // namespace cw::budgeting
