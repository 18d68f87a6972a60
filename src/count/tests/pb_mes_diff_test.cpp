// Differential test of the MES engines: on many random elections (fixed seeds; approval and cumulative;
// tie-prone ones with small integer costs and budgets, and ones with hundreds of voters and awkward
// costs), the certified floating-point engine must give exactly the exact engine's outcome, rounds and
// ties for every completion, and must really be the one counting when no tie is in sight.
#include <gtest/gtest.h>

#include <random>

#include "count/pb_mes.h"

namespace cw::count {
namespace {

struct Shape {
  uint32_t voters_min, voters_max, projects_max;
  bool cumulative;
  bool tie_prone;  // costs and per-voter budgets are small integers; projects often alike
};

PbProfile random_election(std::mt19937_64& random, const Shape& shape) {
  auto between = [&](uint64_t lo, uint64_t hi) { return lo + random() % (hi - lo + 1); };
  auto voters = static_cast<uint32_t>(between(shape.voters_min, shape.voters_max));
  auto projects = static_cast<uint32_t>(between(1, shape.projects_max));
  uint64_t per_voter = shape.tie_prone ? between(1, 6) : between(20, 60);
  std::vector<std::string> ids;
  std::vector<mpq_class> costs;
  for (uint32_t p = 0; p < projects; ++p) {
    ids.push_back("p" + std::to_string(p));
    if (shape.tie_prone)
      costs.push_back(mpq_class(static_cast<long>(between(0, 5) * 2)));
    else  // prices with cents, between 1/20 and 1/2 of what all voters have
      costs.push_back(
          mpq_class(static_cast<long>(between(per_voter * voters * 5, per_voter * voters * 50)), 100));
    costs.back().canonicalize();  // as parse_decimal gives them
  }
  std::vector<PbVote> votes(voters);
  std::vector<double> popularity;
  // Tie-prone elections repeat popularities; the others draw them apart, since approval MES ties exactly
  // whenever two projects with equally many supporters are both paid in full shares (rho = 1/supporters).
  for (uint32_t p = 0; p < projects; ++p)
    popularity.push_back(shape.tie_prone ? 1.0 / (1 + p % 7) : 0.05 + static_cast<double>(random() % 1000));
  std::discrete_distribution<uint32_t> pick(popularity.begin(), popularity.end());
  for (PbVote& vote : votes) {
    auto length = static_cast<size_t>(between(1, std::min<uint32_t>(projects, 5)));
    while (vote.projects.size() < length) {
      uint32_t p = pick(random);
      if (std::find(vote.projects.begin(), vote.projects.end(), p) != vote.projects.end()) continue;
      vote.projects.push_back(p);
      vote.points.push_back(shape.cumulative ? static_cast<int64_t>(between(1, 4)) : 1);
    }
  }
  // Budgets that are not a multiple of the number of voters give per-voter budgets with denominators.
  mpq_class budget(static_cast<long>(per_voter * voters + (shape.tie_prone ? 0 : between(0, voters - 1))));
  auto tie_break = static_cast<TieBreak>(random() % 3);
  return make_profile(ids, costs, budget, shape.cumulative, votes, tie_break);
}

void expect_same(const PbOutcome& fast, const PbOutcome& exact, const std::string& where) {
  SCOPED_TRACE(where);
  EXPECT_EQ(fast.selected, exact.selected);
  EXPECT_EQ(fast.cost, exact.cost);
  EXPECT_EQ(fast.per_voter_budget, exact.per_voter_budget);
  EXPECT_EQ(fast.completion_steps, exact.completion_steps);
  ASSERT_EQ(fast.rounds.size(), exact.rounds.size());
  for (size_t i = 0; i < fast.rounds.size(); ++i) {
    EXPECT_EQ(fast.rounds[i].project, exact.rounds[i].project);
    EXPECT_EQ(fast.rounds[i].action, exact.rounds[i].action);
    EXPECT_EQ(fast.rounds[i].score, exact.rounds[i].score);
    EXPECT_EQ(fast.rounds[i].payment, exact.rounds[i].payment);
    EXPECT_EQ(fast.rounds[i].money_left, exact.rounds[i].money_left);
  }
  ASSERT_EQ(fast.ties.size(), exact.ties.size());
  for (size_t i = 0; i < fast.ties.size(); ++i) {
    EXPECT_EQ(fast.ties[i].round, exact.ties[i].round);
    EXPECT_EQ(fast.ties[i].projects, exact.ties[i].projects);
    EXPECT_EQ(fast.ties[i].about, exact.ties[i].about);
  }
}

// Counts `elections` random elections of one shape with every completion; returns the engines' tallies.
MesStats compare_engines(uint64_t seed, int elections, const Shape& shape) {
  std::mt19937_64 random(seed);
  MesStats stats;
  for (int e = 0; e < elections; ++e) {
    PbProfile profile = random_election(random, shape);
    for (MesCompletion completion : {MesCompletion::none, MesCompletion::add1, MesCompletion::add1_exhaustive,
                                     MesCompletion::add1_greedy}) {
      PbOutcome exact = count_mes(profile, completion, MesEngine::exact);
      PbOutcome fast = count_mes(profile, completion, MesEngine::automatic, &stats);
      expect_same(fast, exact,
                  "seed " + std::to_string(seed) + " election " + std::to_string(e) + " completion " +
                      std::string(mes_completion_name(completion)));
      if (::testing::Test::HasFailure()) return stats;
    }
  }
  return stats;
}

TEST(PbMesDifferential, tie_prone_small_approval_elections_agree_and_ties_are_left_to_the_exact_engine) {
  MesStats stats = compare_engines(1, 150, Shape{1, 8, 6, false, true});
  EXPECT_GT(stats.exact_runs, 0u);  // these elections do tie, and then the exact engine counts
  EXPECT_GT(stats.fast_runs, 0u);
}

TEST(PbMesDifferential, tie_prone_small_cumulative_elections_agree) {
  MesStats stats = compare_engines(2, 150, Shape{1, 8, 6, true, true});
  EXPECT_GT(stats.exact_runs, 0u);
}

TEST(PbMesDifferential, small_approval_elections_agree_and_are_counted_fast) {
  MesStats stats = compare_engines(3, 60, Shape{2, 30, 10, false, false});
  // With at most 30 voters, equal supporter counts (exact ties) are common: many runs go exact.
  EXPECT_GT(stats.fast_runs * 3, stats.exact_runs + stats.fast_runs);
}

TEST(PbMesDifferential, small_cumulative_elections_agree_and_are_counted_fast) {
  MesStats stats = compare_engines(4, 60, Shape{2, 30, 10, true, false});
  EXPECT_GT(stats.fast_runs, 4 * stats.exact_runs);
}

TEST(PbMesDifferential, elections_with_hundreds_of_voters_agree_and_are_counted_fast) {
  MesStats approval = compare_engines(5, 4, Shape{200, 600, 16, false, false});
  MesStats cumulative = compare_engines(6, 3, Shape{200, 600, 16, true, false});
  EXPECT_GT(approval.fast_runs, 50 * approval.exact_runs);
  EXPECT_GT(cumulative.fast_runs, 50 * cumulative.exact_runs);
}

TEST(PbMesDifferential, a_single_run_reports_which_engine_counted_it) {
  // One voter, a and b both cost 5: rho ties exactly, which only the exact engine may decide.
  PbProfile tie = make_profile({"a", "b"}, {5, 5}, 5, false, {PbVote{{0, 1}, {}, {}}});
  MesStats stats;
  PbOutcome outcome = run_mes(tie, 5, MesEngine::automatic, &stats);
  EXPECT_EQ(stats.exact_runs, 1u);
  EXPECT_EQ(outcome.ties.size(), 1u);
  // Three voters with 10 each; a (7) by all: rho 1/3; b (5) by the third: rho 1. a, then b.
  PbProfile clear = make_profile({"a", "b"}, {7, 5}, 30, false,
                                 {PbVote{{0}, {}, {}}, PbVote{{0}, {}, {}}, PbVote{{0, 1}, {}, {}}});
  MesStats clear_stats;
  PbOutcome counted = run_mes(clear, 10, MesEngine::automatic, &clear_stats);
  EXPECT_EQ(clear_stats.fast_runs, 1u);
  EXPECT_EQ(counted.selected, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(*counted.rounds[0].payment, mpq_class(7, 3));
}

}  // namespace
}  // namespace cw::count
