// Cumulative and ranked budget ballots over real HTTP on SQLite and PostgreSQL, without JavaScript: an
// officer chooses them on the budget form; residents share out points (checking what they have left) or
// put projects in order, every mistake named on the field at fault with what they typed kept; and after
// the close the published file recounts, by `commonweal pb count`, to exactly the published projects.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "budget_fixture.h"
#include "modules/budgeting/service.h"
#include "modules/budgeting/store.h"

namespace cw::testing {
namespace {

class BudgetBallotTypesTest : public BudgetingTest {};

TEST_P(BudgetBallotTypesTest, an_officer_chooses_a_points_ballot_and_must_say_how_many_points) {
  auto officer = officer_session();
  std::vector<std::pair<std::string, std::string>> fields{{"csrf_token", token_from("/budgets/new", officer)},
                                                          {"title", "Points for Sutton"},
                                                          {"pot", "£10,000"},
                                                          {"rule", "equalshares/add1"},
                                                          {"ballot_type", "cumulative"},
                                                          {"points", ""}};
  const char* phases[] = {"ideas", "costing", "shortlist", "voting", "results", "delivery"};
  for (int i = 0; i < 6; ++i) {
    fields.emplace_back(std::string(phases[i]) + "-day", std::to_string(1 + 3 * i));
    fields.emplace_back(std::string(phases[i]) + "-month", "11");
    fields.emplace_back(std::string(phases[i]) + "-year", "2023");
  }
  auto refused = send_form("/budgets/new", fields, officer);
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "<a href=\"#points\">Enter the points each voter spreads"))
      << refused.body.substr(0, 3000);
  EXPECT_TRUE(contains(refused.body, "value=\"cumulative\" checked")) << "the choice is kept";
  EXPECT_EQ(count("SELECT COUNT(*) FROM budget_processes WHERE title = $1", "Points for Sutton"), 0);
  fields[5].second = "20";
  EXPECT_EQ(send_form("/budgets/new", fields, officer).status, 303);
  EXPECT_EQ(count("SELECT points FROM budget_processes WHERE title = $1 AND ballot_type = 'cumulative'",
                  "Points for Sutton"),
            20);
}

TEST_P(BudgetBallotTypesTest, residents_share_out_points_and_are_told_what_they_have_left) {
  auto id = open_budget(budgeting::BallotType::cumulative, budgeting::Rule::equal_shares);
  auto ann = resident(1);
  auto page = get(path(id, "/vote"), ann);
  EXPECT_TRUE(contains(page.body, "Share out up to 10 points between the projects"));
  EXPECT_TRUE(contains(page.body, "name=\"points-" + ids_[0] + "\"")) << page.body.substr(0, 4000);
  auto checked = vote_with(id, ann, {{"points-" + ids_[0], "4"}, {"points-" + ids_[1], "3"}}, "", "check");
  EXPECT_EQ(checked.status, 200);
  EXPECT_TRUE(contains(checked.body, "You have given 7 of your 10 points: 3 left."));
  EXPECT_TRUE(contains(checked.body, "value=\"4\"")) << "what was typed is kept";
  auto over = vote_with(id, ann, {{"points-" + ids_[0], "8"}, {"points-" + ids_[2], "5"}});
  EXPECT_EQ(over.status, 422);
  EXPECT_TRUE(contains(over.body, "<a href=\"#points-" + ids_[0] +
                                      "\">You gave 13 points, which is 3 more than the 10 points you have"))
      << over.body.substr(0, 4000);
  EXPECT_TRUE(contains(over.body, "3 too many."));
  auto word = vote_with(id, ann, {{"points-" + ids_[1], "lots"}});
  EXPECT_EQ(word.status, 422);
  EXPECT_TRUE(
      contains(word.body, "<a href=\"#points-" + ids_[1] + "\">Enter the points for Benches in Manor Park"));
  EXPECT_TRUE(contains(word.body, "value=\"lots\""));
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballots WHERE box = $1", budgeting::box_of(id)), 0);

  // Four give most of their points to the trees, two all theirs to the bins.
  std::string first, first_receipt;
  for (int v = 0; v < 6; ++v) {
    auto who = resident(10 + v);
    auto r = v < 4 ? vote_with(id, who, {{"points-" + ids_[0], "7"}, {"points-" + ids_[1], "3"}})
                   : vote_with(id, who, {{"points-" + ids_[2], "10"}});
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 3000);
    if (v == 0) first = who, first_receipt = receipt_in(r.body);
  }
  auto changed = vote_with(id, first, {{"points-" + ids_[0], "10"}}, first_receipt);
  EXPECT_EQ(changed.status, 200) << changed.body.substr(0, 3000);
  EXPECT_TRUE(contains(changed.body, "Your vote has been changed"));
  close_voting();
  auto funded = published(id);
  EXPECT_EQ(funded, (std::set<std::string>{ids_[0], ids_[1]}))
      << "the four's share pays for the trees and benches";
  auto pb = pabulib(id);
  EXPECT_TRUE(contains(pb, "vote_type;cumulative")) << pb;
  EXPECT_TRUE(contains(pb, "voter_id;vote;points"));
  EXPECT_EQ(recount_with_cli(pb), funded);
  auto results = get(path(id, "/results"));
  EXPECT_TRUE(contains(results.body, "in proportion to their points")) << results.body.substr(0, 4000);
}

TEST_P(BudgetBallotTypesTest, residents_rank_projects_and_each_project_is_ranked_once) {
  auto id = open_budget(budgeting::BallotType::ranked);  // two places
  auto ann = resident(1);
  auto page = get(path(id, "/vote"), ann);
  EXPECT_TRUE(contains(page.body, "Choose your top 2 projects in order") ||
              contains(page.body, "Choose between 1 and 2 projects in order"))
      << page.body.substr(0, 4000);
  EXPECT_TRUE(contains(page.body, "<select class=\"govuk-select\" id=\"rank-1\" name=\"rank-1\""));
  EXPECT_TRUE(contains(page.body, "2nd choice (optional)"));
  auto twice = vote_with(id, ann, {{"rank-1", ids_[0]}, {"rank-2", ids_[0]}});
  EXPECT_EQ(twice.status, 422);
  EXPECT_TRUE(
      contains(twice.body, "<a href=\"#rank-2\">You chose Trees on Cheam Road as your 1st and 2nd choice"))
      << twice.body.substr(0, 4000);
  auto gap = vote_with(id, ann, {{"rank-1", ""}, {"rank-2", ids_[1]}});
  EXPECT_EQ(gap.status, 422);
  EXPECT_TRUE(contains(gap.body, "Choose your 1st choice, or move your later choices up"));
  EXPECT_TRUE(contains(gap.body, "<option value=\"" + ids_[1] + "\" selected>")) << "the choice is kept";
  auto none = vote_with(id, ann, {});
  EXPECT_EQ(none.status, 422);
  EXPECT_TRUE(contains(none.body, "Rank at least 1 project"));
  auto unknown = vote_with(id, ann, {{"rank-1", "999999"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_TRUE(contains(unknown.body, "Choose projects from the shortlist"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballots WHERE box = $1", budgeting::box_of(id)), 0);

  // The benches are everyone's 2nd choice (5 × 1 point); the trees the 1st choice of two (2 × 2) and
  // the bins of three (3 × 2). Greedy by points: bins (6), benches (5); the trees no longer fit.
  for (int v = 0; v < 5; ++v) {
    auto first = v < 2 ? ids_[0] : ids_[2];
    auto r = vote_with(id, resident(10 + v), {{"rank-1", first}, {"rank-2", ids_[1]}});
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 3000);
  }
  close_voting();
  auto funded = published(id);
  EXPECT_EQ(funded, (std::set<std::string>{ids_[2], ids_[1]}));
  auto pb = pabulib(id);
  EXPECT_TRUE(contains(pb, "vote_type;ordinal")) << pb;
  EXPECT_TRUE(contains(pb, "max_length;2"));
  EXPECT_EQ(recount_with_cli(pb), funded);
}

TEST_P(BudgetBallotTypesTest, the_cli_recounts_the_smallest_share_and_the_tie_break_from_the_file) {
  auto id = open_budget(budgeting::BallotType::approval, budgeting::Rule::greedy, {60'000, 30'000, 50'000});
  store::in_write(db(), [&](store::Tx& tx) {
    tx.run("UPDATE budget_processes SET tie_break = 'cost', min_share = 20, pot = 60000 WHERE id = $1", id);
  });
  // Trees and Benches are level on four votes each; Bins has one vote of nine, under the 20% needed.
  for (int v = 0; v < 9; ++v)
    ASSERT_EQ(vote(id, resident(20 + v), {v < 4 ? ids_[0] : v < 8 ? ids_[1] : ids_[2]}).status, 200);
  close_voting();
  auto funded = published(id);
  EXPECT_EQ(funded, (std::set<std::string>{ids_[1]}))
      << "Benches, the cheaper, goes first; Trees then does not fit";
  auto pb = pabulib(id);
  EXPECT_TRUE(contains(pb, "tie_break;cost")) << pb;
  EXPECT_TRUE(contains(pb, "min_project_score_threshold;2"));
  EXPECT_EQ(recount_with_cli(pb), funded);
}

INSTANTIATE_TEST_SUITE_P(Engines, BudgetBallotTypesTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
