// BLT reading and writing: the plain format, droop's extensions, every real file round-tripping through
// the writer, and bad files refused with exact "file:line: reason" messages.
#include <gtest/gtest.h>

#include "count/blt.h"
#include "count/tests/stv_droop_reference.h"

namespace cw::count {
namespace {

using testing::kGlasgow;
using testing::kStvData;

std::string error_of(std::string_view text) {
  try {
    read_blt(text, "bad.blt");
  } catch (const StvFileError& e) {
    return e.what();
  }
  return "no error";
}

TEST(BltReader, ReadsHeaderBallotsNamesAndTitle) {
  const auto e = read_blt("3 2\n4 1 2 0\n2 3 0\n0\n\"Castor\"\n\"Pollux\"\n\"Helen\"\n\"Twins\"\n", "x.blt");
  EXPECT_EQ(e.seats, 2);
  EXPECT_EQ(e.names, (std::vector<std::string>{"Castor", "Pollux", "Helen"}));
  EXPECT_EQ(e.title, "Twins");
  ASSERT_EQ(e.ballots.size(), 2u);
  EXPECT_EQ(e.ballots[0].weight, 4);
  EXPECT_EQ(e.ballots[0].ranking, (std::vector<std::vector<int>>{{0}, {1}}));
  EXPECT_EQ(e.total_weight(), 6);
}

TEST(BltReader, AcceptsUnquotedNamesCrlfAndAMissingFinalNewline) {
  const auto e =
      read_blt("2 1\r\n3 1 0\r\n1 2 1 0\r\n0\r\nGary CLEAVER (Ind)\r\nAnn (Lab)\r\nNorth Isles", "x.blt");
  EXPECT_EQ(e.names, (std::vector<std::string>{"Gary CLEAVER (Ind)", "Ann (Lab)"}));
  EXPECT_EQ(e.title, "North Isles");
}

TEST(BltReader, QuotedNamesUndoubleQuotesAndJoinSeveralQuotedParts) {
  const auto e = read_blt(
      "2 1\n1 1 0\n0\n\"Lab \"\"Barney\"\" \"\n\"Simon SCOTT\" \"Green\"\n\"\"\"Ward 5\"\" \"\n", "x.blt");
  EXPECT_EQ(e.names, (std::vector<std::string>{"Lab \"Barney\" ", "Simon SCOTT Green"}));
  EXPECT_EQ(e.title, "\"Ward 5\" ");
}

TEST(BltReader, WithdrawnLineAndWithdrawnOptionMeanTheSame) {
  const auto line = read_blt_file(kGlasgow / "blt/SCw.blt");
  const auto option = read_blt_file(kGlasgow / "blt/SCwopt.blt");
  EXPECT_EQ(line.withdrawn, std::vector<int>{3});
  EXPECT_EQ(line, option);
}

TEST(BltReader, TieOptionGivesTheTieOrder) {
  EXPECT_EQ(read_blt_file(kGlasgow / "blt/42t.blt").tie_order, (std::vector<int>{2, 1, 0}));
}

TEST(BltReader, NicknamesAndEqualRankingsAreRead) {
  const auto e = read_blt_file(kGlasgow / "blt/meek/eq2.blt");
  EXPECT_EQ(e.nicknames, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(e.ballots[0].ranking, (std::vector<std::vector<int>>{{0}, {1, 2}, {3}}));
  EXPECT_TRUE(e.has_equal_rankings());
}

TEST(BltReader, ByteOrderMarkIsSkipped) {
  const auto with_bom = read_blt_file(kGlasgow / "blt/42ubom.blt");
  EXPECT_EQ(with_bom, read_blt_file(kGlasgow / "blt/42u.blt"));
  EXPECT_EQ(with_bom.names[0], "C\xC3\xA5stor");
}

TEST(BltReader, TextAfterTheTitleIsIgnoredAsDroopDoes) {
  const auto e = read_blt_file(kGlasgow / "blt/M135.blt");
  EXPECT_EQ(e.title, "M135: Gen v1.1 1 3 45");
  EXPECT_EQ(e.candidate_count(), 25);
}

std::vector<std::filesystem::path> every_blt_file() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kStvData))
    if (entry.path().extension() == ".blt") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(BltWriter, EveryDataFileRoundTripsThroughTheWriter) {
  const auto files = every_blt_file();
  EXPECT_GE(files.size(), 60u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    const auto original = read_blt_file(path);
    const auto text = write_blt(original);
    EXPECT_EQ(read_blt(text, "written.blt"), original);
    EXPECT_EQ(write_blt(read_blt(text, "written.blt")), text);
  }
}

TEST(BltWriter, WritesQuotedNamesWithdrawnTieAndEqualRankings) {
  StvElection e;
  e.seats = 1;
  e.names = {"A \"x\"", "B"};
  e.title = "T";
  e.withdrawn = {1};
  e.tie_order = {1, 0};
  e.ballots = {{.weight = 3, .ranking = {{0, 1}}}};
  EXPECT_EQ(write_blt(e), "2 1\n-2\n[tie 2 1]\n3 1=2 0\n0\n\"A \"\"x\"\"\"\n\"B\"\n\"T\"\n");
}

TEST(BltReader, RefusesBadFilesWithFileLineAndReason) {
  EXPECT_EQ(error_of(""), "bad.blt:1: empty file: expected '<candidates> <seats>'");
  EXPECT_EQ(error_of("3\n"), "bad.blt:1: expected '<candidates> <seats>', found '3'");
  EXPECT_EQ(error_of("0 1\n"), "bad.blt:1: number of candidates must be between 1 and 1000");
  EXPECT_EQ(error_of("5000 1\n"), "bad.blt:1: number of candidates must be between 1 and 1000");
  EXPECT_EQ(error_of("3 4\n"),
            "bad.blt:1: number of seats must be between 1 and the number of candidates (3)");
  EXPECT_EQ(error_of("3 1\n-4\n"), "bad.blt:2: candidate 4 is not between 1 and 3");
  EXPECT_EQ(error_of("3 1\n[colour red]\n"), "bad.blt:2: unknown option [colour]");
  EXPECT_EQ(error_of("3 1\n[nick a b]\n"), "bad.blt:2: [nick] must give one nickname per candidate (3)");
  EXPECT_EQ(error_of("3 1\n1 1 2\n0\n"), "bad.blt:2: ballot does not end with 0");
  EXPECT_EQ(error_of("3 1\n1 1 0\nx 2 0\n"), "bad.blt:3: ballot weight 'x' is not a positive whole number");
  EXPECT_EQ(error_of("3 1\n-1 2 0\n"), "bad.blt:2: withdrawn candidates must be written as negative numbers");
  EXPECT_EQ(error_of("3 1\n1 1 4 0\n"), "bad.blt:2: candidate 4 is not between 1 and 3");
  EXPECT_EQ(error_of("3 1\n1 1 2 1 0\n"), "bad.blt:2: candidate 1 appears twice in the ballot");
  EXPECT_EQ(error_of("3 1\n1 1 0 2 0\n"), "bad.blt:2: text after the 0 that ends the ballot");
  EXPECT_EQ(error_of("3 1\n1 bob 0\n"), "bad.blt:2: unknown candidate 'bob'");
  EXPECT_EQ(error_of("3 1\n1 1 0\n"), "bad.blt:2: missing the 0 line that ends the ballots");
  EXPECT_EQ(error_of("3 1\n1 1 0\n0\n\"A\"\n\"B\"\n"), "bad.blt:5: expected 3 candidate names, found 2");
  EXPECT_EQ(error_of("3 1\n1 1 0\n0\n\"A\n"), "bad.blt:4: unterminated quoted name");
  EXPECT_EQ(error_of("3 1\n999999999 1 0\n999999999 1 0\n"),
            "bad.blt:3: total ballot weight exceeds 1000000000");
  EXPECT_EQ(error_of("3 1\n1 1 0\n" + std::string(kBltMaxLineLength + 1, '1')),
            "bad.blt:3: line longer than 1048576 bytes");
}

TEST(BltReader, MissingFileIsReportedWithItsPath) {
  EXPECT_THROW(read_blt_file("/nonexistent/x.blt"), StvFileError);
}

}  // namespace
}  // namespace cw::count
