// The Method of Equal Shares (Peters & Skowron) for participatory budgeting, in exact rational arithmetic:
// cost utilities for approval ballots, cost split in proportion to points for cumulative ballots, and the
// add1 completions that Polish and Dutch cities used in their official votes.
#pragma once
#include <gmpxx.h>

#include <cstddef>
#include <optional>
#include <string_view>

#include "count/pb_profile.h"

namespace cw::count {

enum class MesCompletion {
  none,             // one run with the real budget
  add1,             // raise each voter's budget by 1 while the outcome still fits; keep the last that fits
  add1_exhaustive,  // the same, but stop at the first outcome that leaves no affordable project out
  add1_greedy,      // add1, then fund the remaining projects greedily by score while they fit
};

std::optional<MesCompletion> parse_mes_completion(std::string_view name);
std::string_view mes_completion_name(MesCompletion completion);

// `automatic` counts each run with certified floating point and falls back to exact rationals for a run
// in which some decision cannot be certified (a tie, a budget equal to a share); the outcome, rounds and
// ties are the same either way. `exact` always uses the exact engine (the reference, for tests).
enum class MesEngine { automatic, exact };

// How many runs each engine counted (exact_runs: forced or fallen back to).
struct MesStats {
  size_t fast_runs = 0;
  size_t exact_runs = 0;
};

// One run of MES in which every voter starts with `per_voter_budget` (B/n without completion).
PbOutcome run_mes(const PbProfile& profile, const mpq_class& per_voter_budget,
                  MesEngine engine = MesEngine::automatic, MesStats* stats = nullptr);

// The add1 completions count their steps on `threads` threads (0: one per core, at most 8); the outcome
// is the same with any number, 1 counting the steps one by one.
PbOutcome count_mes(const PbProfile& profile, MesCompletion completion,
                    MesEngine engine = MesEngine::automatic, MesStats* stats = nullptr, size_t threads = 0);

// Whether some project outside `outcome` still fits in the money the outcome leaves.
bool is_exhaustive(const PbProfile& profile, const PbOutcome& outcome);

GreedyComparison compare_with_greedy(const PbProfile& profile, const PbOutcome& mes, const PbOutcome& greedy);

}  // namespace cw::count
