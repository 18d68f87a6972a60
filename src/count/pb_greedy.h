// Greedy participatory budgeting rules as Polish cities use them: fund projects in descending score
// (approvals, or points for cumulative ballots) while they fit; variants that stop at the first project
// that does not fit, and a minimum score below which a project is never funded.
#pragma once
#include <optional>
#include <string_view>

#include "count/pb_profile.h"

namespace cw::count {

enum class GreedyVariant {
  skip,       // "greedy": a project that does not fit is skipped, later cheaper ones may still be funded
  no_skip,    // "greedy-no-skip": counting stops at the first project that does not fit
  threshold,  // "greedy-threshold": like skip; the threshold itself applies to every variant
};

std::optional<GreedyVariant> parse_greedy_variant(std::string_view rule);
std::string_view greedy_variant_name(GreedyVariant variant);

// Projects scoring below profile.min_score_threshold are never funded, whatever the variant.
PbOutcome count_greedy(const PbProfile& profile, GreedyVariant variant);

// Funds, in descending score, every not yet selected project that still fits the money left after
// `outcome`; used by the add1-greedy completion of MES. Appends rounds and ties to `outcome`.
void fill_greedily(const PbProfile& profile, PbOutcome& outcome);

}  // namespace cw::count
