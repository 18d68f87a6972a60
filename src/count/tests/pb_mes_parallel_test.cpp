// The add1 completions count their steps on several threads and take them in order; this proves that the
// outcome (selection, rounds, ties, kept step) is exactly the one-by-one count's, on every real Pabulib
// file in tests/data/pabulib and on generated elections, whatever the number of threads.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "count/pabulib.h"
#include "count/pb_count.h"
#include "count/pb_mes.h"

namespace cw::count {
namespace {

void expect_identical(const PbProfile& profile, const PbOutcome& parallel, const PbOutcome& sequential,
                      MesCompletion completion) {
  PbRule rule{true, GreedyVariant::skip, completion};
  // The JSON holds every field of the outcome: selection, cost, per-voter budget, steps, rounds and ties.
  EXPECT_EQ(outcome_json(profile, rule, parallel), outcome_json(profile, rule, sequential));
  EXPECT_EQ(parallel.completion_steps, sequential.completion_steps);
}

void expect_thread_counts_agree(const PbProfile& profile, std::vector<MesCompletion> completions,
                                std::vector<size_t> thread_counts) {
  for (MesCompletion completion : completions) {
    SCOPED_TRACE(std::string(mes_completion_name(completion)));
    MesStats one_by_one;
    PbOutcome sequential = count_mes(profile, completion, MesEngine::automatic, &one_by_one, 1);
    for (size_t threads : thread_counts) {
      SCOPED_TRACE(std::to_string(threads) + " threads");
      MesStats stats;
      expect_identical(profile, count_mes(profile, completion, MesEngine::automatic, &stats, threads),
                       sequential, completion);
      // The steps taken (and so counted in the stats) are the same; steps counted past the stop are not.
      EXPECT_EQ(stats.fast_runs + stats.exact_runs, one_by_one.fast_runs + one_by_one.exact_runs);
    }
  }
}

TEST(PbMesParallel, every_real_file_gets_the_one_by_one_add1_outcome_on_two_threads) {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(CW_SOURCE_DIR) + "/tests/data/pabulib"))
    if (entry.path().extension() == ".pb") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 13u);
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    PbProfile profile = make_profile(read_pabulib_file(file));
    expect_thread_counts_agree(profile, {MesCompletion::add1}, {2});
  }
}

TEST(PbMesParallel, the_other_completions_agree_on_a_real_file) {
  PbProfile profile = make_profile(read_pabulib_file(
      std::string(CW_SOURCE_DIR) + "/tests/data/pabulib/Poland_Warszawa_2019_Grochow_Kinowa.pb"));
  expect_thread_counts_agree(profile, {MesCompletion::add1_exhaustive, MesCompletion::add1_greedy}, {2});
}

// Random approval and cumulative elections (fixed seed), some small enough to tie, so that exact runs and
// early stops (every project bought, an exhaustive outcome) are among the steps taken in parallel.
PbProfile generated(std::mt19937_64& random, bool cumulative) {
  auto between = [&](uint64_t lo, uint64_t hi) { return lo + random() % (hi - lo + 1); };
  auto voters = static_cast<uint32_t>(between(3, 300));
  auto projects = static_cast<uint32_t>(between(2, 14));
  std::vector<std::string> ids;
  std::vector<mpq_class> costs;
  for (uint32_t p = 0; p < projects; ++p) {
    ids.push_back("p" + std::to_string(p));
    costs.push_back(mpq_class(static_cast<long>(between(1, 20) * voters)));
  }
  std::vector<PbVote> votes(voters);
  for (PbVote& vote : votes) {
    auto length = static_cast<size_t>(between(1, std::min<uint32_t>(projects, 4)));
    while (vote.projects.size() < length) {
      auto p = static_cast<uint32_t>(random() % (1 + random() % projects));  // earlier projects more often
      if (std::find(vote.projects.begin(), vote.projects.end(), p) != vote.projects.end()) continue;
      vote.projects.push_back(p);
      vote.points.push_back(cumulative ? static_cast<int64_t>(between(1, 3)) : 1);
    }
  }
  return make_profile(ids, costs, mpq_class(static_cast<long>(between(5, 40) * voters)), cumulative, votes);
}

TEST(PbMesParallel, generated_elections_get_the_one_by_one_outcome_for_every_completion) {
  std::mt19937_64 random(19);
  for (int e = 0; e < 40; ++e) {
    SCOPED_TRACE("election " + std::to_string(e));
    PbProfile profile = generated(random, e % 2 == 1);
    expect_thread_counts_agree(
        profile, {MesCompletion::add1, MesCompletion::add1_exhaustive, MesCompletion::add1_greedy}, {2, 4});
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace cw::count
