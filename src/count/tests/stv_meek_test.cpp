// PRF reference Meek against droop's `meek-prf-o6-fixed-p9-d9` counts of its example elections: every
// election and defeat with its candidates' votes and quota, and the winners in order.
#include <gtest/gtest.h>

#include "count/blt.h"
#include "count/fixed.h"
#include "count/stv_meek.h"
#include "count/tests/stv_droop_reference.h"

namespace cw::count {
namespace {

using testing::kGlasgow;

bool is_remaining(const testing::DroopAction& action) {
  return action.message.find("remaining") != std::string::npos;
}

class MeekDroopReference : public ::testing::TestWithParam<std::string> {};

TEST_P(MeekDroopReference, ElectionsDefeatsVotesAndWinnersMatchDroop) {
  const auto election = read_blt_file(kGlasgow / "blt" / (GetParam() + ".blt"));
  const auto result = count_meek(election);
  const auto ref =
      testing::read_droop_reference(kGlasgow / "ref/json" / (GetParam() + "-meek-prf-o6-fixed-p9-d9.txt"));
  // droop logs one action per candidate elected in the same iteration; a stage groups them.
  std::vector<const testing::DroopAction*> decisions;
  for (const auto& action : ref.actions)
    if ((action.tag == "elect" || action.tag == "defeat") && !is_remaining(action))
      decisions.push_back(&action);
  size_t next = 0;
  for (const auto& stage : result.stages) {
    if (stage.action == StvAction::first_preferences) continue;
    for (int candidate : stage.candidates) {
      ASSERT_LT(next, decisions.size());
      const auto& action = *decisions[next++];
      SCOPED_TRACE("stage " + std::to_string(stage.number) + ": " + action.message);
      EXPECT_EQ(action.tag, stage.action == StvAction::election ? "elect" : "defeat");
      EXPECT_NE(action.message.find(election.names[static_cast<size_t>(candidate)]), std::string::npos);
      for (size_t c = 0; c < stage.totals.size(); ++c)
        EXPECT_EQ(fixed::format(stage.totals[c], 9), action.votes[c]) << election.names[c];
      EXPECT_EQ(fixed::format(stage.quota, 9), action.quota);
    }
  }
  EXPECT_EQ(next, decisions.size());
  std::vector<std::string> winners;
  for (int c : result.elected) winners.push_back(election.names[static_cast<size_t>(c)]);
  EXPECT_EQ(winners, testing::droop_winners(ref));
}

INSTANTIATE_TEST_SUITE_P(DroopExamples, MeekDroopReference, testing::kDroopExamples,
                         testing::example_test_name);

TEST(MeekStv, FileWithByteOrderMarkCountsLikeTheFileWithout) {
  const auto with_bom = count_meek(read_blt_file(kGlasgow / "blt/42ubom.blt"));
  const auto without = count_meek(read_blt_file(kGlasgow / "blt/42u.blt"));
  EXPECT_EQ(with_bom.elected, without.elected);
  ASSERT_EQ(with_bom.stages.size(), without.stages.size());
  for (size_t s = 0; s < with_bom.stages.size(); ++s)
    EXPECT_EQ(with_bom.stages[s].totals, without.stages[s].totals);
}

TEST(MeekStv, FirstQuotaIsVotesOverSeatsPlusOneTruncatedPlusOneBillionth) {
  const auto result = count_meek(read_blt("3 2\n4 1 2 0\n2 3 0\n0\nA\nB\nC\nT\n", "q.blt"));
  EXPECT_EQ(fixed::format(result.stages[0].quota, 9), "2.000000001");
}

TEST(MeekStv, SurplusFlowsOnThroughKeepFactors) {
  // A keeps just over a quota of 7 of its 12 votes; the rest of each A ballot goes on to B.
  const auto result = count_meek(read_blt("3 2\n12 1 2 0\n4 2 0\n4 3 0\n0\nA\nB\nC\nT\n", "kf.blt"));
  EXPECT_EQ(result.elected, (std::vector<int>{0, 1}));
}

TEST(MeekStv, EqualRankingsAreRefused) {
  EXPECT_THROW(count_meek(read_blt_file(kGlasgow / "blt/meek/eq1.blt")), StvCountError);
}

TEST(MeekStv, SeedGivesARandomButRepeatableTieOrder) {
  const auto election = read_blt("4 1\n1 1 0\n1 2 0\n1 3 0\n3 4 0\n0\nA\nB\nC\nD\nT\n", "t.blt");
  const auto first = count_meek(election, {.seed = 11});
  const auto again = count_meek(election, {.seed = 11});
  ASSERT_EQ(first.stages.size(), again.stages.size());
  for (size_t s = 0; s < first.stages.size(); ++s)
    EXPECT_EQ(first.stages[s].candidates, again.stages[s].candidates);
  EXPECT_EQ(first.elected, std::vector<int>{3});
}

}  // namespace
}  // namespace cw::count
