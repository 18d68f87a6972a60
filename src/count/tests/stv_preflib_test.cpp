// PrefLib .soi and .toc reading on small hand-written files, and a count over one.
#include <gtest/gtest.h>

#include "count/preflib.h"
#include "count/stv_scottish.h"

namespace cw::count {
namespace {

constexpr const char* kSoi =
    "# FILE NAME: 00001-00000001.soi\n"
    "# TITLE: Club committee\n"
    "# DATA TYPE: soi\n"
    "# NUMBER ALTERNATIVES: 3\n"
    "# NUMBER VOTERS: 9\n"
    "# ALTERNATIVE NAME 1: Ada\n"
    "# ALTERNATIVE NAME 2: Bo\n"
    "# ALTERNATIVE NAME 3: Cy\n"
    "5: 1,2\n"
    "3: 2\n"
    "1: 3,2,1\n";

std::string error_of(std::string_view text) {
  try {
    read_preflib(text, "bad.soi");
  } catch (const StvFileError& e) {
    return e.what();
  }
  return "no error";
}

TEST(PrefLibReader, ReadsSoiNamesTitleAndWeightedOrders) {
  const auto e = read_preflib(kSoi, "club.soi", 2);
  EXPECT_EQ(e.title, "Club committee");
  EXPECT_EQ(e.names, (std::vector<std::string>{"Ada", "Bo", "Cy"}));
  EXPECT_EQ(e.seats, 2);
  ASSERT_EQ(e.ballots.size(), 3u);
  EXPECT_EQ(e.ballots[0].weight, 5);
  EXPECT_EQ(e.ballots[2].ranking, (std::vector<std::vector<int>>{{2}, {1}, {0}}));
}

TEST(PrefLibReader, TocTiesBecomeEqualRankings) {
  const auto e = read_preflib("# NUMBER ALTERNATIVES: 4\n2: 1,{2,3},4\n1: {1,2,3,4}\n", "t.toc");
  EXPECT_EQ(e.ballots[0].ranking, (std::vector<std::vector<int>>{{0}, {1, 2}, {3}}));
  EXPECT_EQ(e.ballots[1].ranking, (std::vector<std::vector<int>>{{0, 1, 2, 3}}));
  EXPECT_EQ(e.names[3], "4");  // no ALTERNATIVE NAME line: the number stands in
}

TEST(PrefLibReader, SoiElectionCountsUnderScottishRules) {
  const auto result = count_scottish(read_preflib(kSoi, "club.soi", 1));
  EXPECT_EQ(result.elected, std::vector<int>{0});  // Ada has 5 of 9, quota 5
}

TEST(PrefLibReader, RefusesBadFilesWithFileLineAndReason) {
  EXPECT_EQ(error_of("1: 1,2\n"), "bad.soi:1: order before '# NUMBER ALTERNATIVES'");
  EXPECT_EQ(error_of("# NUMBER ALTERNATIVES: 2\n1: 1,3\n"),
            "bad.soi:2: alternative 3 is not between 1 and 2");
  EXPECT_EQ(error_of("# NUMBER ALTERNATIVES: 2\n1: 1,1\n"),
            "bad.soi:2: alternative 1 appears twice in the order");
  EXPECT_EQ(error_of("# NUMBER ALTERNATIVES: 2\nx: 1\n"), "bad.soi:2: expected '<count>: <order>'");
  EXPECT_EQ(error_of("# NUMBER ALTERNATIVES: 2\n1: {1,2\n"), "bad.soi:2: '{' without '}'");
  EXPECT_EQ(error_of("# NUMBER ALTERNATIVES: 2\n1: 1,\n"), "bad.soi:2: order ends with ','");
  EXPECT_EQ(error_of("# TITLE: x\n"), "bad.soi:1: missing '# NUMBER ALTERNATIVES'");
}

}  // namespace
}  // namespace cw::count
