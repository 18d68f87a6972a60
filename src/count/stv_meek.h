// Meek STV as in the Proportional Representation Foundation's reference rule: 9-decimal fixed point
// rounded up where the rule says, omega = 10^-6, the quota recomputed at every iteration, keep factors.
// Matches droop's `meek-prf` rule, whose reference counts are the tests' expected values.
#pragma once
#include <cstdint>
#include <optional>

#include "count/stv.h"

namespace cw::count {

struct MeekOptions {
  // Ties for defeat (rule T) follow a fixed order: the file's [tie] order, or else the order of the
  // candidates in the file, as droop does. With a seed, the order is instead a seeded random draw.
  std::optional<uint64_t> seed;
};

inline constexpr int kMeekPlaces = 9;

// Throws StvCountError for ballots with equal rankings, which the reference rule does not define.
StvResult count_meek(const StvElection& election, const MeekOptions& options = {});

}  // namespace cw::count
