// The comparison step (keep the Method of Equal Shares' outcome only if no more voters prefer greedy's)
// and META `excluded` (projects the organisers have ruled out, funded by no rule), as `pb count` and the
// budgets' results read them.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "count/pb_count.h"
#include "count/tests/pb_test_profiles.h"

namespace cw::count {
namespace {

using testing::approval;
using testing::ids;

// Four voters want the two dear projects a and b; two groups of three want c and d.
std::vector<std::string> ballots(int wanting_a_and_b) {
  std::vector<std::string> out(static_cast<size_t>(wanting_a_and_b), "ab");
  for (int i = 0; i < 3; ++i) out.insert(out.end(), {"c", "d"});
  return out;
}

const PbRule kMesCompared{true, GreedyVariant::skip, MesCompletion::add1, true};

TEST(PbComparison, keeps_equal_shares_when_more_voters_have_more_winners_under_it) {
  PbProfile profile = approval({400, 400, 200, 200}, 800, ballots(4));
  EXPECT_EQ(ids(profile, count_greedy(profile, GreedyVariant::skip).selected),
            (std::vector<std::string>{"a", "b"}));
  PbOutcome kept = count_pb(profile, kMesCompared);
  EXPECT_EQ(ids(profile, kept.selected), (std::vector<std::string>{"a", "c", "d"}));
  ASSERT_TRUE(kept.comparison);
  EXPECT_FALSE(kept.greedy_preferred);
  EXPECT_EQ(kept.comparison->more_under_mes, 6u);
  EXPECT_EQ(kept.comparison->more_under_greedy, 4u);
  EXPECT_TRUE(kept.per_voter_budget);  // the MES run itself, with its rounds
}

TEST(PbComparison, keeps_greedy_when_more_voters_have_more_winners_under_greedy) {
  PbProfile profile = approval({400, 400, 200, 200}, 800, ballots(7));
  PbOutcome mes = count_pb(profile, PbRule{true, GreedyVariant::skip, MesCompletion::add1, false});
  EXPECT_EQ(ids(profile, mes.selected), (std::vector<std::string>{"a", "c", "d"}));
  EXPECT_FALSE(mes.comparison);
  PbOutcome kept = count_pb(profile, kMesCompared);
  EXPECT_EQ(ids(profile, kept.selected), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(kept.greedy_preferred);
  EXPECT_EQ(kept.comparison->more_under_greedy, 7u);
  EXPECT_EQ(kept.comparison->more_under_mes, 6u);
  EXPECT_FALSE(kept.per_voter_budget);  // greedy's rounds
  EXPECT_EQ(outcome_json(profile, kMesCompared, kept)["comparison"]["kept"], "greedy");
}

TEST(PbComparison, meta_comparison_turns_it_on_and_an_unknown_value_is_named) {
  std::string file =
      "META\nkey;value\nnum_projects;1\nnum_votes;1\nbudget;10\nvote_type;approval\nrule;equalshares/add1\n"
      "comparison;satisfaction\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n1;1\n";
  EXPECT_TRUE(comparison_of(read_pabulib_string(file, "c.pb")));
  auto other = file;
  other.replace(other.find("satisfaction"), 12, "exclusionRatio");
  EXPECT_THROW(
      {
        try {
          comparison_of(read_pabulib_string(other, "x.pb"));
        } catch (const std::invalid_argument& e) {
          EXPECT_NE(std::string(e.what()).find("\"exclusionRatio\""), std::string::npos);
          throw;
        }
      },
      std::invalid_argument);
}

std::string excluding(const std::string& rule, const std::string& excluded) {
  return "META\nkey;value\nnum_projects;3\nnum_votes;3\nbudget;10\nvote_type;approval\nrule;" + rule +
         "\nexcluded;" + excluded +
         "\nPROJECTS\nproject_id;cost\n1;6\n2;4\n3;4\nVOTES\nvoter_id;vote\n1;1,2\n2;1,3\n3;1\n";
}

TEST(PbExcluded, no_rule_funds_an_excluded_project_and_the_money_goes_to_the_next) {
  for (std::string rule : {"greedy", "equalshares/add1", "equalshares/add1-greedy"}) {
    PbProfile all = make_profile(read_pabulib_string(excluding(rule, ""), "all.pb"));
    PbProfile without = make_profile(read_pabulib_string(excluding(rule, "1"), "without.pb"));
    EXPECT_EQ(without.excluded, (std::vector<uint32_t>{0})) << rule;
    auto funded_all = ids(all, count_pb(all, *parse_pb_rule(rule)).selected);
    auto funded_without = ids(without, count_pb(without, *parse_pb_rule(rule)).selected);
    EXPECT_NE(std::find(funded_all.begin(), funded_all.end(), "1"), funded_all.end()) << rule;
    EXPECT_EQ(std::find(funded_without.begin(), funded_without.end(), "1"), funded_without.end()) << rule;
    std::sort(funded_without.begin(), funded_without.end());
    EXPECT_EQ(funded_without, (std::vector<std::string>{"2", "3"})) << rule;
  }
}

TEST(PbExcluded, greedy_reports_the_excluded_project_round_by_round) {
  PbProfile profile = make_profile(read_pabulib_string(excluding("greedy", "1"), "g.pb"));
  PbOutcome outcome = count_pb(profile, *parse_pb_rule("greedy"));
  ASSERT_FALSE(outcome.rounds.empty());
  EXPECT_EQ(outcome.rounds.front().action, "excluded");
  EXPECT_EQ(outcome_json(profile, *parse_pb_rule("greedy"), outcome)["excluded"],
            nlohmann::json::array({"1"}));
}

TEST(PbExcluded, an_unknown_project_in_meta_excluded_is_named) {
  try {
    make_profile(read_pabulib_string(excluding("greedy", "1, 9"), "u.pb"));
    FAIL() << "expected the unknown project to be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("\"9\""), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cw::count
