// Scottish STV against droop's reference counts of the Glasgow 2007 wards (stage by stage, to 5
// decimals), sanity checks on the 2012 and 2022 ward files, and hand-made elections for the tie rules.
#include <gtest/gtest.h>

#include <algorithm>

#include "count/blt.h"
#include "count/fixed.h"
#include "count/stv_scottish.h"
#include "count/tests/stv_droop_reference.h"

namespace cw::count {
namespace {

using testing::kGlasgow;
using testing::kStvData;

std::vector<std::string> files_in(const std::filesystem::path& dir, const std::string& extension) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == extension) out.push_back(entry.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

// droop collapses runs of spaces inside names ("Ellen   Hurcombe"); the reader keeps names as written.
std::string collapse_spaces(const std::string& name) {
  std::string out;
  for (char ch : name)
    if (ch != ' ' || out.empty() || out.back() != ' ') out += ch;
  return out;
}

std::vector<std::string> names_of(const StvElection& election, const std::vector<int>& candidates) {
  std::vector<std::string> out;
  for (int c : candidates) out.push_back(collapse_spaces(election.names[static_cast<size_t>(c)]));
  return out;
}

std::vector<std::string> collapsed(std::vector<std::string> names) {
  for (auto& name : names) name = collapse_spaces(name);
  return names;
}

// Compares every stage with droop's "begin" and "transfer" actions, which close each stage.
void expect_matches_droop(const std::filesystem::path& blt, const std::filesystem::path& reference) {
  const auto election = read_blt_file(blt);
  const auto result = count_scottish(election, {.lot_by_tie_order = true});
  const auto ref = testing::read_droop_reference(reference);
  std::vector<const testing::DroopAction*> stage_ends;
  for (const auto& action : ref.actions)
    if (action.tag == "begin" || action.tag == "transfer") stage_ends.push_back(&action);
  ASSERT_EQ(result.stages.size(), stage_ends.size());
  for (size_t s = 0; s < stage_ends.size(); ++s) {
    SCOPED_TRACE("stage " + std::to_string(s) + ": " + stage_ends[s]->message);
    const auto& stage = result.stages[s];
    for (size_t c = 0; c < stage.totals.size(); ++c)
      EXPECT_EQ(fixed::format(stage.totals[c], 5), stage_ends[s]->votes[c]) << election.names[c];
    EXPECT_EQ(fixed::format(stage.non_transferable, 5), stage_ends[s]->non_transferable);
    EXPECT_EQ(fixed::format(stage.quota, 5), stage_ends[s]->quota);
  }
  EXPECT_EQ(names_of(election, result.elected), collapsed(testing::droop_winners(ref)));
}

class ScottishDroopReference : public ::testing::TestWithParam<std::string> {};

TEST_P(ScottishDroopReference, StageTotalsAndWinnersMatchDroop) {
  expect_matches_droop(kGlasgow / "blt/scotland" / (GetParam() + ".blt"),
                       kGlasgow / "ref/json/scotland" / (GetParam() + "-scotland-fixed-p5-d5.txt"));
}

INSTANTIATE_TEST_SUITE_P(Glasgow2007, ScottishDroopReference,
                         ::testing::ValuesIn(files_in(kGlasgow / "blt/scotland", ".blt")),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(ScottishStv, EveryGlasgow2007WardIsCovered) {
  EXPECT_EQ(files_in(kGlasgow / "blt/scotland", ".blt").size(), 23u);  // 21 wards + 2 droop cases
}

class ScottishWardFile : public ::testing::TestWithParam<std::string> {};

// Votes are conserved: valid votes = candidates' totals + non-transferable + the truncation loss,
// and the loss can only be what rule 48(3) truncated (under 10^-5 per paper per surplus transfer).
TEST_P(ScottishWardFile, ParsesFillsEverySeatAndConservesVotes) {
  const auto election = read_blt_file(kStvData / GetParam());
  const auto result = count_scottish(election);
  EXPECT_EQ(result.elected.size(), static_cast<size_t>(election.seats));
  EXPECT_EQ(result.quota, (result.valid_ballots / (election.seats + 1) + 1) * 100000);
  int64_t surplus_stages = 0;
  for (const auto& stage : result.stages) {
    surplus_stages += stage.action == StvAction::surplus;
    int64_t counted = stage.non_transferable;
    for (int64_t total : stage.totals) counted += total;
    const int64_t loss = result.valid_ballots * 100000 - counted;
    EXPECT_GE(loss, 0) << "stage " << stage.number;
    EXPECT_LE(loss, surplus_stages * result.valid_ballots) << "stage " << stage.number;
  }
}

std::vector<std::string> ward_files() {
  std::vector<std::string> out;
  for (const char* year : {"scotland-2012", "scotland-2022"})
    for (const auto& stem : files_in(kStvData / year, ".blt"))
      out.push_back(std::string(year) + "/" + stem + ".blt");
  return out;
}

INSTANTIATE_TEST_SUITE_P(ScotlandWards, ScottishWardFile, ::testing::ValuesIn(ward_files()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& ch : name)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return name;
                         });

TEST(ScottishStv, FirstStageUsesDroopQuotaOnValidPapers) {
  const auto election = read_blt("3 1\n4 1 0\n3 2 0\n2 3 0\n0\nA\nB\nC\nT\n", "q.blt");
  const auto result = count_scottish(election);
  EXPECT_EQ(result.quota, 500000);  // floor(9 / 2) + 1 = 5
  EXPECT_EQ(result.stages[0].totals, (std::vector<int64_t>{400000, 300000, 200000}));
}

TEST(ScottishStv, TransferValueIsTruncatedToFiveDecimals) {
  // A has 7 votes, quota 4 (2 seats of 10); surplus 3 over 7 papers: 3/7 = 0.42857 each, truncated.
  const auto election = read_blt("3 2\n7 1 2 0\n2 3 0\n1 2 0\n0\nA\nB\nC\nT\n", "tv.blt");
  const auto result = count_scottish(election);
  ASSERT_GE(result.stages.size(), 2u);
  EXPECT_EQ(result.stages[1].action, StvAction::surplus);
  EXPECT_EQ(result.stages[1].totals[1], 100000 + 7 * 42857);
  EXPECT_EQ(result.stages[1].totals[0], 400000);
}

TEST(ScottishStv, ExclusionTieIsBrokenByTheMostRecentStageWithUnequalVotes) {
  // After A's surplus, B and C tie on 4.5 each; at stage 0, C had fewer, so C is excluded (rule 51(2)(a)).
  const auto election = read_blt("4 2\n8 1 2 0\n2 1 3 0\n2 2 0\n3 3 0\n3 4 0\n0\nA\nB\nC\nD\nT\n", "tie.blt");
  const auto result = count_scottish(election);
  ASSERT_GE(result.stages.size(), 2u);
  // Quota = floor(18/3)+1 = 7; A's surplus 3 over 10 papers → 0.3 each; B 2+2.4 = 4.4, C 3+0.6 = 3.6, D 3.
  EXPECT_EQ(result.stages[1].totals[1], 440000);
  EXPECT_EQ(result.stages[2].action, StvAction::exclusion);
  EXPECT_EQ(result.stages[2].candidates, std::vector<int>{3});
}

TEST(ScottishStv, TieEqualAtEveryStageIsDecidedByLotAndRecorded) {
  const auto election = read_blt("3 1\n2 1 0\n2 2 0\n4 3 0\n0\nA\nB\nC\nT\n", "lot.blt");
  const auto first = count_scottish(election, {.seed = 7});
  ASSERT_GE(first.stages.size(), 2u);
  ASSERT_EQ(first.stages[1].notes.size(), 1u);
  EXPECT_NE(first.stages[1].notes[0].find("by lot (seed 7)"), std::string::npos);
  const auto again = count_scottish(election, {.seed = 7});
  EXPECT_EQ(again.stages[1].candidates, first.stages[1].candidates);
  EXPECT_EQ(first.elected, std::vector<int>{2});
}

TEST(ScottishStv, LastVacanciesGoToContinuingCandidatesWithoutFurtherTransfers) {
  const auto election = read_blt("3 2\n5 1 0\n2 2 0\n1 3 0\n0\nA\nB\nC\nT\n", "last.blt");
  const auto result = count_scottish(election);
  EXPECT_EQ(result.elected, (std::vector<int>{0, 1}));
}

TEST(ScottishStv, WithdrawnCandidatesAreSkipped) {
  const auto election = read_blt("3 1\n-1\n5 1 2 0\n3 3 0\n0\nA\nB\nC\nT\n", "w.blt");
  const auto result = count_scottish(election);
  EXPECT_EQ(result.stages[0].totals, (std::vector<int64_t>{0, 500000, 300000}));
  EXPECT_EQ(result.elected, std::vector<int>{1});
}

TEST(ScottishStv, PaperWithoutFirstPreferenceIsVoidNotNonTransferable) {
  const auto result = count_scottish(read_blt("2 1\n3 1 0\n2 0\n1 2 0\n0\nA\nB\nT\n", "void.blt"));
  EXPECT_EQ(result.valid_ballots, 4);
  EXPECT_EQ(result.stages[0].non_transferable, 0);
}

TEST(ScottishStv, LotCanFollowTheFileTieOrderAsDroopDoes) {
  const auto election = read_blt("3 1\n[tie 2 1 3]\n2 1 0\n2 2 0\n4 3 0\n0\nA\nB\nC\nT\n", "lot.blt");
  const auto result = count_scottish(election, {.lot_by_tie_order = true});
  EXPECT_EQ(result.stages[1].candidates, std::vector<int>{1});
}

TEST(ScottishStv, EqualRankingsAreRefused) {
  const auto election = read_blt("3 1\n5 1=2 0\n0\nA\nB\nC\nT\n", "eq.blt");
  EXPECT_THROW(count_scottish(election), StvCountError);
}

}  // namespace
}  // namespace cw::count

namespace cw::count {
namespace {

class ScottishDroopExample : public ::testing::TestWithParam<std::string> {};

TEST_P(ScottishDroopExample, StageTotalsAndWinnersMatchDroop) {
  expect_matches_droop(testing::kGlasgow / "blt" / (GetParam() + ".blt"),
                       testing::kGlasgow / "ref/json" / (GetParam() + "-scotland-fixed-p5-d5.txt"));
}

INSTANTIATE_TEST_SUITE_P(DroopExamples, ScottishDroopExample, testing::kDroopExamples,
                         testing::example_test_name);

}  // namespace
}  // namespace cw::count
