// What every PB counting rule works on and gives back: a compact profile (costs, budget, identical
// ballots grouped) built from a Pabulib election, the tie-break order, and the outcome with its rounds and
// the ties that decided something. The `selected` column of a file is never read here.
#pragma once
#include <gmpxx.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "count/pabulib.h"

namespace cw::count {

// Which project wins when two are equal: the one earlier in the file (default), the smaller id (numeric
// ids compared as numbers), or the cheaper one (then file order).
enum class TieBreak { file, id, cost };

std::optional<TieBreak> parse_tie_break(std::string_view name);
std::string_view tie_break_name(TieBreak tie_break);

struct PbBallot {
  uint64_t voters = 0;             // how many voters cast exactly this ballot
  std::vector<uint32_t> projects;  // sorted project indices
  std::vector<int64_t> points;     // 1 each for approval and choose-1
};

struct PbProfile {
  std::vector<std::string> ids;
  std::vector<mpq_class> costs;
  mpq_class budget;
  uint64_t voter_count = 0;
  bool cumulative = false;
  std::vector<PbBallot> ballots;
  std::vector<uint32_t> tie_rank;  // per project: lower rank wins a tie
  TieBreak tie_break = TieBreak::file;
  std::optional<mpq_class> min_score_threshold;
  // Projects no rule may fund, whatever their votes (META `excluded`: an organiser's published decision,
  // say a project that cannot be built beside another that won). Sorted indices.
  std::vector<uint32_t> excluded;

  size_t project_count() const { return ids.size(); }
  // Number of approvals, or total points for cumulative ballots.
  std::vector<mpq_class> scores() const;
  bool is_excluded(uint32_t project) const;
  // Not excluded and not below min_score_threshold; `scores` as scores() gives them.
  bool may_fund(uint32_t project, const std::vector<mpq_class>& scores) const;
};

// Throws std::invalid_argument for scoring votes, which the rules do not count, and for a META
// `excluded` (project ids, comma-separated) naming a project the file does not have. Ordinal votes are
// counted as points by place: with k places (META max_length, else the longest vote) a first choice is
// worth k points, the next k - 1, and so on, as a ranked budget ballot is (modules/budgeting).
PbProfile make_profile(const PbElection& election, TieBreak tie_break = TieBreak::file);
// For generated elections: the votes' projects and points are used, their raw fields are not.
PbProfile make_profile(std::vector<std::string> ids, std::vector<mpq_class> costs, mpq_class budget,
                       bool cumulative, const std::vector<PbVote>& votes,
                       TieBreak tie_break = TieBreak::file);

// The profile with every excluded project and every project that scores below min_score_threshold taken
// off the ballots, so that no rule can fund it. Greedy checks both itself (and reports them round by
// round); the Method of Equal Shares counts this instead. Every voter stays, with their share of the
// budget.
PbProfile eligible_only(const PbProfile& profile);

struct PbRound {
  uint32_t project = 0;
  std::string action;                // "selected", "skipped", "below threshold", "stopped", "greedy fill"
  mpq_class score;                   // greedy: votes or points; MES: effective vote count (cost / payment)
  std::optional<mpq_class> payment;  // MES: the most a supporter pays per point
  mpq_class money_left;              // of the real budget, after this round
};

struct PbTie {
  size_t round = 0;                // index into PbOutcome::rounds of the round the tie decided
  std::vector<uint32_t> projects;  // every tied project, winner first
  std::string about;               // what the tie decided
};

// Voters by whether more of the projects they chose are funded by the Method of Equal Shares or by greedy
// (the equalshares.net comparison step's "satisfaction" measure: a count of projects, on any ballot).
struct GreedyComparison {
  uint64_t more_under_mes = 0;
  uint64_t more_under_greedy = 0;
  uint64_t same = 0;
};

struct PbOutcome {
  std::vector<uint32_t> selected;  // in order of selection
  mpq_class cost;
  std::vector<PbRound> rounds;
  std::vector<PbTie> ties;
  std::optional<mpq_class> per_voter_budget;  // MES: the budget each voter started with in the kept run
  size_t completion_steps = 0;                // MES add1: how many one-unit raises the kept run has
  // MES with the comparison step: how voters compared its outcome with greedy's, and whether greedy's
  // outcome (this one, then) was kept because more voters preferred it.
  std::optional<GreedyComparison> comparison;
  bool greedy_preferred = false;
};

}  // namespace cw::count
