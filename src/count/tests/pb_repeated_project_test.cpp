// Ballots that list a project more than once, as some real Pabulib files do (a 2026 Warszawa one): the
// file is accepted, the project counts once (a cumulative ballot keeps all its points, added up), each
// case is reported as a warning, and the file still writes back as it was.
#include <gtest/gtest.h>

#include "count/pabulib.h"
#include "count/pb_count.h"

namespace cw::count {
namespace {

// Project 1 is listed twice by v1 and three times by v3; v2's ballot is plain.
const char* kApproval =
    "META\n"
    "key;value\n"
    "budget;100\n"
    "vote_type;approval\n"
    "rule;equalshares/add1\n"
    "PROJECTS\n"
    "project_id;cost\n"
    "1;60\n"
    "2;50\n"
    "3;40\n"
    "VOTES\n"
    "voter_id;vote\n"
    "v1;1,2,1\n"
    "v2;2,3\n"
    "v3;1,1,3,1\n";

// The same election with every ballot listing each project once.
const char* kApprovalOnce =
    "META\n"
    "key;value\n"
    "budget;100\n"
    "vote_type;approval\n"
    "rule;equalshares/add1\n"
    "PROJECTS\n"
    "project_id;cost\n"
    "1;60\n"
    "2;50\n"
    "3;40\n"
    "VOTES\n"
    "voter_id;vote\n"
    "v1;1,2\n"
    "v2;2,3\n"
    "v3;1,3\n";

TEST(PbRepeatedProject, an_approval_ballot_that_lists_a_project_twice_counts_it_once_with_a_warning) {
  PbElection e = read_pabulib_string(kApproval, "w.pb");
  ASSERT_EQ(e.votes.size(), 3u);
  EXPECT_EQ(e.votes[0].projects, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(e.votes[2].projects, (std::vector<uint32_t>{0, 2}));
  EXPECT_EQ(e.warnings, (std::vector<std::string>{
                            "w.pb:13: voter \"v1\" names project \"1\" twice; counted once",
                            "w.pb:15: voter \"v3\" names project \"1\" 3 times; counted once",
                        }));
  EXPECT_EQ(make_profile(e).scores(), (std::vector<mpq_class>{2, 2, 2}));
  EXPECT_EQ(write_pabulib_string(e), kApproval);  // the raw ballots are kept as the file has them
}

TEST(PbRepeatedProject, the_count_is_the_count_of_the_file_without_the_repeats) {
  PbProfile repeated = make_profile(read_pabulib_string(kApproval, "w.pb"));
  PbProfile once = make_profile(read_pabulib_string(kApprovalOnce, "once.pb"));
  for (const char* rule : {"greedy", "equalshares", "equalshares/add1"}) {
    SCOPED_TRACE(rule);
    PbOutcome a = count_pb(repeated, *parse_pb_rule(rule));
    PbOutcome b = count_pb(once, *parse_pb_rule(rule));
    EXPECT_EQ(a.selected, b.selected);
    EXPECT_EQ(outcome_json(repeated, *parse_pb_rule(rule), a), outcome_json(once, *parse_pb_rule(rule), b));
  }
}

TEST(PbRepeatedProject, a_cumulative_ballot_keeps_every_point_the_file_gives) {
  std::string text =
      "META\nkey;value\nbudget;100\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;60\n2;50\n"
      "VOTES\nvoter_id;vote;points\nv1;1,2,1;3,2,1\nv2;2;5\n";
  PbElection e = read_pabulib_string(text, "c.pb");
  EXPECT_EQ(e.votes[0].projects, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(e.votes[0].points, (std::vector<int64_t>{4, 2}));
  EXPECT_EQ(e.warnings, (std::vector<std::string>{
                            "c.pb:11: voter \"v1\" names project \"1\" twice; counted once with its "
                            "points added up (3 + 1 = 4)"}));
  EXPECT_EQ(make_profile(e).scores(), (std::vector<mpq_class>{4, 7}));
  EXPECT_EQ(write_pabulib_string(e), text);
}

TEST(PbRepeatedProject, a_choose_1_ballot_naming_one_project_twice_is_one_choice) {
  std::string text =
      "META\nkey;value\nbudget;100\nvote_type;choose-1\nPROJECTS\nproject_id;cost\n1;60\n2;50\n"
      "VOTES\nvoter_id;vote\nv1;2,2\n";
  PbElection e = read_pabulib_string(text, "one.pb");
  EXPECT_EQ(e.votes[0].projects, (std::vector<uint32_t>{1}));
  EXPECT_EQ(e.warnings.size(), 1u);
}

TEST(PbRepeatedProject, files_without_repeats_have_no_warnings) {
  EXPECT_TRUE(read_pabulib_string(kApprovalOnce, "once.pb").warnings.empty());
}

}  // namespace
}  // namespace cw::count
