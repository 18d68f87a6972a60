// Scottish STV: The Scottish Local Government Elections Order 2007 (SSI 2007/42), Schedule 1 rules 45–52,
// counted exactly in fixed point at 5 decimal places, with every stage recorded for an explanation page.
#pragma once
#include <cstdint>

#include "count/stv.h"

namespace cw::count {

struct ScottishOptions {
  uint64_t seed = 0;  // drives the lot of rules 49(3) and 51(2)(b); the draw is recorded in the stage notes
  // Instead of a lot, take the first tied candidate in the file's [tie] order (else file order): droop's
  // behaviour, so its reference counts of elections that reach a lot can be reproduced.
  bool lot_by_tie_order = false;
};

inline constexpr int kScottishPlaces = 5;

// Throws StvCountError for ballots with equal rankings, which the Order does not allow.
StvResult count_scottish(const StvElection& election, const ScottishOptions& options = {});

}  // namespace cw::count
