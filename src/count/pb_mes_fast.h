// Internal to the MES engines: the support tables shared by every run of a completion, and a certified
// floating-point run of MES whose every decision carries a rigorous error bound. A fast run that cannot
// certify a decision gives up, and the caller counts that run with the exact engine instead.
#pragma once
#include <gmpxx.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "count/pb_profile.h"

namespace cw::count::mes {

// The supporters of one project who give it the same number of points (all of them, for approval).
struct PointsBucket {
  int64_t points = 1;
  std::vector<uint32_t> groups;         // ballot groups
  std::vector<double> voters_of_group;  // parallel to groups: each group's voters (exact as a double)
  uint64_t voters = 0;
};

// What does not change between the runs of a completion: who supports what, and each cost as a double
// with a bound on its rounding error.
struct MesSupport {
  std::vector<std::vector<PointsBucket>> buckets;  // per project
  std::vector<uint64_t> group_voters;              // per ballot group
  std::vector<bool> supported;                     // per project: has at least one supporter
  size_t supported_count = 0;
  std::vector<double> voters_as_double;        // per ballot group
  std::vector<double> cost_value, cost_error;  // per project
  std::vector<double> total_points;            // per project: voters x points of all supporters
  bool fast_possible = false;                  // every count fits a double exactly, every cost is finite
};

MesSupport build_support(const PbProfile& profile);

// A fast run that completed. Its selection equals the exact engine's; the exact payments are rebuilt from
// this record by replay_exact.
struct FastRun {
  struct Round {
    uint32_t project = 0;
    std::vector<uint32_t> capped;  // ballot groups who paid everything they had
    uint64_t paying_points = 0;    // sum of voters x points over the supporters who paid the full share
  };
  std::vector<Round> rounds;
};

// nullopt when some decision could not be certified.
std::optional<FastRun> run_fast(const PbProfile& profile, const MesSupport& support,
                                const mpq_class& per_voter_budget);

// The outcome of a completed fast run with exact payments, effective votes and money left, as the exact
// engine reports them. The fast run certified that no two projects tied, so there are no ties.
PbOutcome replay_exact(const PbProfile& profile, const FastRun& run, const mpq_class& per_voter_budget);

}  // namespace cw::count::mes
