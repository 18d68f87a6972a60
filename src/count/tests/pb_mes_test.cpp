// Method of Equal Shares on small elections whose results are derived by hand in the comments: cost
// utilities (rho = payment per voter / cost, smallest first), capped voters, cumulative points, ties and
// every completion.
#include <gtest/gtest.h>

#include "count/pb_count.h"
#include "count/pb_greedy.h"
#include "count/pb_mes.h"
#include "pb_test_profiles.h"

namespace cw::count {
namespace {

using testing::approval;
using testing::ids;
using Ids = std::vector<std::string>;

TEST(PbMes, project_with_most_supporters_per_cost_unit_is_bought_first_and_capped_voters_pay_what_they_have) {
  // 4 voters, budget 40: 10 each. x (24) by v1-v3: q = 8, rho = 8/24 = 1/3. y (12) by v3, v4: q = 6,
  // rho = 1/2. x first; v1-v3 keep 2. Then y: v3 can give only 2, so v4 pays the other 10: q = 10,
  // rho = 10/12. Both bought, cost 36.
  PbProfile profile = approval({24, 12}, 40, {"a", "a", "ab", "b"});
  PbOutcome outcome = count_mes(profile, MesCompletion::none);
  EXPECT_EQ(ids(profile, outcome.selected), (Ids{"a", "b"}));
  EXPECT_EQ(outcome.cost, 36);
  EXPECT_EQ(*outcome.rounds[0].payment, 8);
  EXPECT_EQ(outcome.rounds[0].score, 3);  // effective votes 24 / 8
  EXPECT_EQ(*outcome.rounds[1].payment, 10);
  EXPECT_EQ(outcome.rounds[1].score, mpq_class(6, 5));  // 12 / 10
  EXPECT_EQ(*outcome.per_voter_budget, 10);
}

TEST(PbMes, cumulative_points_split_the_cost_in_proportion) {
  // 2 voters, budget 12: 6 each. v1 gives a 2 points, b 1, d 1; v2 gives a 1, c 1. Costs a 9, b 4, c 3, d 2.
  // a: smallest q per point with min(6, 2q) + min(6, q) = 9 is q = 3: v1 pays 6, v2 pays 3; rho = 3/9.
  // b, c, d each have one supporter paying the whole cost: rho = 1. a first; v1 is left with 0, v2 with 3.
  // Then only c is affordable (v2 pays 3). An equal split of a (4.5 each) would have left v2 1.5, too
  // little for c.
  std::vector<PbVote> votes(2);
  votes[0].projects = {0, 1, 3}, votes[0].points = {2, 1, 1};
  votes[1].projects = {0, 2}, votes[1].points = {1, 1};
  PbProfile profile = make_profile({"a", "b", "c", "d"}, {9, 4, 3, 2}, 12, true, votes);
  PbOutcome outcome = count_mes(profile, MesCompletion::none);
  EXPECT_EQ(ids(profile, outcome.selected), (Ids{"a", "c"}));
  EXPECT_EQ(*outcome.rounds[0].payment, 3);
  EXPECT_EQ(outcome.rounds[0].score, 3);  // 9 / 3: the effective number of points
  EXPECT_EQ(outcome.cost, 12);
}

TEST(PbMes, equal_rho_is_settled_by_file_order_and_reported) {
  // One voter with 5. a (5) and b (5) both cost the voter everything: rho = 1 for both. a comes first in
  // the file and is bought; b is then unaffordable. The tie decided which one.
  PbProfile profile = approval({5, 5}, 5, {"ab"});
  PbOutcome outcome = count_mes(profile, MesCompletion::none);
  EXPECT_EQ(ids(profile, outcome.selected), (Ids{"a"}));
  ASSERT_EQ(outcome.ties.size(), 1u);
  EXPECT_EQ(ids(profile, outcome.ties[0].projects), (Ids{"a", "b"}));
  EXPECT_EQ(outcome.ties[0].round, 0u);
}

TEST(PbMes, tie_break_by_cost_buys_the_cheaper_of_equal_rho_projects) {
  // One voter with 5; a costs 5, b costs 4: rho = 5/5 = 4/4 = 1. By cost b wins; 1 is left, too little for a.
  PbProfile profile = approval({5, 4}, 5, {"ab"}, TieBreak::cost);
  PbOutcome outcome = count_mes(profile, MesCompletion::none);
  EXPECT_EQ(ids(profile, outcome.selected), (Ids{"b"}));
  EXPECT_EQ(outcome.ties.size(), 1u);
  EXPECT_EQ(outcome.cost, 4);
}

// 4 voters, budget 40. a (20) by v1-v3, b (20) and c (10) by v4, d (10) by v1, v2.
// With 10 each: a (q 20/3, rho 1/3), then c (v4 pays 10, rho 1); v1, v2 have 10/3 each, 20/3 < 10 for d.
// Cost 30. With 11: the same (v1, v2 have 13/3 each: 26/3 < 10). With 12: v1, v2 have 16/3: d at q 5
// (rho 1/2) comes before c: a, d, c, cost 40, nothing left: exhaustive. This stays so up to 19 each (b
// needs v4 to have 20). With 20 each: a, d, then b and c tie at rho 1; b (first in the file) is bought:
// a + d + b = 20 + 10 + 20 = 50 > 40. So add1 keeps 19 each and add1-exhaustive stops at 12 each.
PbProfile four_voters() {
  return approval({20, 20, 10, 10}, 40, {"ad", "ad", "a", "bc"});
}

TEST(PbMes, no_completion_uses_budget_over_voters) {
  PbProfile profile = four_voters();
  PbOutcome outcome = count_mes(profile, MesCompletion::none);
  EXPECT_EQ(ids(profile, outcome.selected), (Ids{"a", "c"}));
  EXPECT_EQ(outcome.cost, 30);
  EXPECT_EQ(*outcome.rounds[0].payment, mpq_class(20, 3));
}

TEST(PbMes, add1_keeps_the_last_outcome_that_fits_without_stopping_at_the_first_exhaustive_one) {
  PbProfile profile = four_voters();
  PbOutcome outcome = count_mes(profile, MesCompletion::add1);
  EXPECT_EQ(ids(profile, outcome.selected), (Ids{"a", "d", "c"}));
  EXPECT_EQ(outcome.cost, 40);
  EXPECT_EQ(*outcome.per_voter_budget, 19);
  EXPECT_EQ(outcome.completion_steps, 9u);
}

TEST(PbMes, add1_exhaustive_stops_at_the_first_exhaustive_outcome) {
  PbProfile profile = four_voters();
  PbOutcome outcome = count_mes(profile, MesCompletion::add1_exhaustive);
  EXPECT_EQ(ids(profile, outcome.selected), (Ids{"a", "d", "c"}));
  EXPECT_EQ(*outcome.per_voter_budget, 12);
  EXPECT_EQ(outcome.completion_steps, 2u);
  EXPECT_TRUE(is_exhaustive(profile, outcome));
}

TEST(PbMes, the_run_that_overshoots_is_decided_by_a_tie_but_is_not_kept) {
  PbProfile profile = four_voters();
  PbOutcome overshoot = run_mes(profile, 20);
  EXPECT_EQ(ids(profile, overshoot.selected), (Ids{"a", "d", "b"}));
  EXPECT_EQ(overshoot.cost, 50);
  ASSERT_EQ(overshoot.ties.size(), 1u);
  EXPECT_EQ(ids(profile, overshoot.ties[0].projects), (Ids{"b", "c"}));
  EXPECT_TRUE(count_mes(profile, MesCompletion::add1).ties.empty());
}

TEST(PbMes, add1_greedy_fills_the_money_left_by_score) {
  // 3 voters, budget 9: 3 each. a (8) by v1, v2; b (3) by v3; c (5) by v1.
  // With 3 each: a needs 8 > 6, c needs 5 > 3, b: v3 pays 3. Cost 3.
  // With 4 each: a (q 4, rho 1/2), then b (rho 1): cost 11 > 9, so add1 keeps the first run.
  // Greedy fill of the 6 left: a scores 2 but costs 8; c scores 1 and costs 5: bought. b, c; cost 8.
  PbProfile profile = approval({8, 3, 5}, 9, {"ac", "a", "b"});
  EXPECT_EQ(ids(profile, count_mes(profile, MesCompletion::add1).selected), (Ids{"b"}));
  PbOutcome outcome = count_mes(profile, MesCompletion::add1_greedy);
  EXPECT_EQ(ids(profile, outcome.selected), (Ids{"b", "c"}));
  EXPECT_EQ(outcome.cost, 8);
  EXPECT_EQ(outcome.rounds.back().action, "greedy fill");
}

TEST(PbMes, add1_stops_when_every_supported_project_is_bought) {
  // Two voters with 5 each, one project of 4 each: bought at once; raising budgets cannot add anything.
  PbProfile profile = approval({4, 4}, 10, {"a", "b"});
  PbOutcome outcome = count_mes(profile, MesCompletion::add1);
  EXPECT_EQ(ids(profile, outcome.selected), (Ids{"a", "b"}));
  EXPECT_EQ(outcome.completion_steps, 0u);
}

TEST(PbMes, grouped_ballots_give_the_same_outcome_as_separate_ones) {
  // The same election as four_voters with every ballot cast three times and the budget tripled.
  PbProfile once = four_voters();
  PbProfile thrice =
      approval({20, 20, 10, 10}, 120, {"ad", "ad", "a", "bc", "ad", "ad", "a", "bc", "ad", "ad", "a", "bc"});
  EXPECT_EQ(thrice.ballots.size(), 3u);
  EXPECT_EQ(count_mes(thrice, MesCompletion::none).selected.size(), 4u);  // 30 each: everything is affordable
  EXPECT_EQ(count_mes(once, MesCompletion::none).selected, (std::vector<uint32_t>{0, 2}));
}

TEST(PbMes, compare_with_greedy_counts_voters_by_winners_approved) {
  // four_voters: MES (none) buys a, c; greedy (by approvals: a 3, d 2, b 1, c 1) buys a (20), d (10), b (no:
  // 10 left < 20), c (10): a, d, c. v1, v2 approve 2 winners under greedy, 1 under MES; v3 and v4 the same.
  PbProfile profile = four_voters();
  GreedyComparison comparison = compare_with_greedy(profile, count_mes(profile, MesCompletion::none),
                                                    count_greedy(profile, GreedyVariant::skip));
  EXPECT_EQ(comparison.more_under_greedy, 2u);
  EXPECT_EQ(comparison.more_under_mes, 0u);
  EXPECT_EQ(comparison.same, 2u);
}

TEST(PbMes, meta_rule_names_map_to_rules_and_completions) {
  EXPECT_TRUE(parse_pb_rule("equalshares/add1")->equal_shares);
  EXPECT_EQ(parse_pb_rule("equalshares/add1")->completion, MesCompletion::add1);
  EXPECT_EQ(parse_pb_rule("equalshares")->completion, MesCompletion::none);
  EXPECT_EQ(parse_pb_rule("greedy-no-skip")->greedy, GreedyVariant::no_skip);
  EXPECT_FALSE(parse_pb_rule("phragmen"));
}

TEST(PbMes, json_output_has_the_documented_keys) {
  PbProfile profile = four_voters();
  PbRule rule{true, GreedyVariant::skip, MesCompletion::add1};
  nlohmann::json json = outcome_json(profile, rule, count_mes(profile, MesCompletion::add1));
  EXPECT_EQ(json["rule"], "mes");
  EXPECT_EQ(json["completion"], "add1");
  EXPECT_EQ(json["budget"], "40");
  EXPECT_EQ(json["selected"], (nlohmann::json{"a", "d", "c"}));
  EXPECT_EQ(json["cost"], "40");
  EXPECT_EQ(json["per_voter_budget"], "19/1");
  EXPECT_EQ(json["rounds"].size(), 3u);
  EXPECT_TRUE(json["ties"].empty());
}

}  // namespace
}  // namespace cw::count
