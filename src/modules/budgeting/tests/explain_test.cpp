// The count explained: each voter's share under Equal Shares adds up to the funded projects' costs,
// unfunded projects' supporters' money is accounted for, the explanation survives being stored as
// JSON, and the plain-English reasons say what happened under both rules.
#include "modules/budgeting/explain.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "modules/budgeting/explain_text.h"
#include "modules/budgeting/results.h"

namespace cw::budgeting {
namespace {

Process process(Rule rule) {
  Process p;
  p.id = 7;
  p.rules = {.pot = 100'000, .rule = rule, .ballot_type = BallotType::approval, .min_projects = 1};
  return p;
}

// Four people want the pool and the park; two want only the library. Pot £1,000.
std::vector<Project> projects() {
  return {{.id = 11, .title = "Pool", .cost = 60'000},
          {.id = 12, .title = "Park", .cost = 40'000},
          {.id = 13, .title = "Library", .cost = 40'000}};
}
const std::vector<std::string> kBallots{"11,12", "11,12", "11,12", "11,12", "13", "13"};

bool contains(const std::vector<std::string>& paragraphs, const std::string& part) {
  return std::any_of(paragraphs.begin(), paragraphs.end(),
                     [&](const auto& s) { return s.find(part) != std::string::npos; });
}

TEST(BudgetExplain, every_voters_share_adds_up_to_the_cost_of_what_was_funded) {
  auto r = count_results(process(Rule::equal_shares), "Sutton", projects(), kBallots);
  auto r_rules = process(Rule::equal_shares).rules;
  std::map<std::int64_t, std::int64_t> paid;
  for (const auto& b : kBallots)
    for (const auto& pay : share_payments(r.explanation, r_rules, ballot_from_text(b)))
      paid[pay.project_id] += pay.pence;
  EXPECT_EQ(paid, (std::map<std::int64_t, std::int64_t>{{11, 60'000}, {13, 40'000}}));
  auto mine = share_payments(r.explanation, r_rules, {.projects = {11, 12}});
  ASSERT_EQ(mine.size(), 1u) << "the park was not funded, so nothing was paid for it";
  EXPECT_EQ(mine[0].project_id, 11);
  EXPECT_EQ(mine[0].pence, 15'000) << "a quarter of the pool";
  EXPECT_GT(r.explanation.raises, 0) << "add1 raised the shares until the library could be paid for";
}

TEST(BudgetExplain, an_unfunded_projects_supporters_money_is_accounted_for) {
  auto r = count_results(process(Rule::equal_shares), "Sutton", projects(), kBallots);
  ASSERT_EQ(r.explanation.unfunded.count(12), 1u);
  const auto& park = r.explanation.unfunded.at(12);
  EXPECT_EQ(park.supporters, 4);
  EXPECT_EQ(park.spent, 60'000) << "they paid for the pool";
  auto start = pence_of(r.explanation.start_share);
  EXPECT_NEAR(park.left, 4 * start - 60'000, 2);
  EXPECT_LT(park.left, 40'000) << "less than the park costs, or it would have been funded";
  auto why = why_text(process(Rule::equal_shares), r, projects()[1]);
  EXPECT_TRUE(contains(why, "It was not funded. It had 4 votes")) << why.front();
  EXPECT_TRUE(contains(why, "spent £600 of their shares")) << why[1];
  EXPECT_TRUE(contains(why, "Counted by greedy (most votes first) instead, it would have been funded."));
  auto pool = why_text(process(Rule::equal_shares), r, projects()[0]);
  EXPECT_TRUE(contains(pool, "none paying more than £150")) << pool.front();
}

TEST(BudgetExplain, the_other_rule_and_the_voter_comparison_are_kept) {
  auto r = count_results(process(Rule::equal_shares), "Sutton", projects(), kBallots);
  EXPECT_EQ(r.explanation.other_rule_funded, (std::vector<std::int64_t>{11, 12})) << "greedy: the majority";
  EXPECT_EQ(r.explanation.comparison.more_under_greedy, 4u);
  EXPECT_EQ(r.explanation.comparison.more_under_mes, 2u);
  auto g = count_results(process(Rule::greedy), "Sutton", projects(), kBallots);
  auto other = g.explanation.other_rule_funded;
  std::sort(other.begin(), other.end());
  EXPECT_EQ(other, (std::vector<std::int64_t>{11, 13})) << "greedy's count keeps Equal Shares beside it";
}

TEST(BudgetExplain, survives_being_stored_as_json) {
  auto e = count_results(process(Rule::equal_shares), "Sutton", projects(), kBallots).explanation;
  auto back = explanation_from_json(to_json(e));
  EXPECT_EQ(back.start_share, e.start_share);
  EXPECT_EQ(back.raises, e.raises);
  ASSERT_EQ(back.rounds.size(), e.rounds.size());
  EXPECT_EQ(back.rounds[0].payment, e.rounds[0].payment);
  EXPECT_EQ(back.unfunded.at(12).left, e.unfunded.at(12).left);
  EXPECT_EQ(back.comparison.more_under_mes, 2u);
  EXPECT_EQ(share_payments(back, Rules{}, {.projects = {13}}).at(0).pence, 20'000);
}

TEST(BudgetExplain, greedy_says_how_much_was_left_when_a_projects_turn_came) {
  auto p = process(Rule::greedy);
  std::vector<Project> shortlist{{.id = 11, .title = "Trees", .cost = 60'000},
                                 {.id = 12, .title = "Benches", .cost = 30'000},
                                 {.id = 13, .title = "Bins", .cost = 50'000}};
  auto r = count_results(p, "Sutton", shortlist, {"11,12", "11", "11,13", "13", "12"});
  auto why = why_text(p, r, shortlist[2]);
  EXPECT_EQ(
      why.front(),
      "It was not funded. With 2 votes it came 3rd in the list, and when its turn came only £100 of the pot "
      "was left, less than its cost of £500.");
  auto rows = round_rows(r, shortlist);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].title, "Trees");
  EXPECT_EQ(rows[2].result, "Not enough money left");
  auto share = share_text(p, r, shortlist, {.projects = {11, 13}});
  EXPECT_EQ(share.paragraphs, (std::vector<std::string>{"Trees: funded.", "Bins: not funded."}));
}

TEST(BudgetExplain, pence_and_scores_read_as_people_expect) {
  EXPECT_EQ(pence_of("1000/3"), 33'333);
  EXPECT_EQ(pence_of("150"), 15'000);
  EXPECT_EQ(score_text("8/3"), "2.7");
  EXPECT_EQ(score_text("4"), "4");
  EXPECT_DOUBLE_EQ(effective_votes_at_end(10, {.supporters = 10, .spent = 0, .left = 50}, 100), 5.0);
}

}  // namespace
}  // namespace cw::budgeting
