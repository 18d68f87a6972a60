// Cumulative and ranked ballots without a database: the officer's draft for each, every refusal with the
// field it points at, the weights the count gives them, and their Pabulib file, whose recount funds
// what the published count funded.
#include <gtest/gtest.h>

#include "count/pabulib.h"
#include "count/pb_count.h"
#include "modules/budgeting/budget.h"
#include "modules/budgeting/results.h"
#include "web/forms.h"

namespace cw::budgeting {
namespace {

std::vector<Project> shortlist() {
  return {{.id = 11, .title = "Trees", .cost = 60'000},
          {.id = 12, .title = "Benches", .cost = 30'000},
          {.id = 13, .title = "Bins", .cost = 50'000}};
}

Rules cumulative(int points = 10) {
  return {.pot = 100'000, .ballot_type = BallotType::cumulative, .points = points};
}

Rules ranked(int fewest = 1, int places = 3) {
  return {.pot = 100'000, .ballot_type = BallotType::ranked, .min_projects = fewest, .max_projects = places};
}

// The first error checking the ballot gives, as "field: message", or "" when it passes.
std::string refusal(const Rules& rules, const BallotForm& form) {
  try {
    check_ballot(rules, shortlist(), form);
    return "";
  } catch (const web::FormInvalid& e) {
    return e.errors.at(0).field + ": " + e.errors.at(0).message;
  }
}

ProcessDraft draft(const std::string& type) {
  ProcessDraft d{.title = "Greener Sutton", .pot = "£1,000", .ballot_type = type};
  for (int i = 0; i < 6; ++i) d.starts[i] = {std::to_string(1 + i), "3", "2027"};
  return d;
}

std::vector<std::string> draft_errors(const ProcessDraft& d) {
  try {
    Process p;
    apply_draft(d, p);
    return {};
  } catch (const web::FormInvalid& e) {
    std::vector<std::string> out;
    for (const auto& f : e.errors) out.push_back(f.field + ": " + f.message);
    return out;
  }
}

TEST(BudgetBallotTypes, a_cumulative_budget_needs_its_points_and_a_ranked_one_its_places) {
  auto d = draft("cumulative");
  EXPECT_EQ(draft_errors(d),
            (std::vector<std::string>{"points: Enter the points each voter spreads, as a whole number from 1 "
                                      "to 1000"}));
  d.points = "10";
  Process p;
  apply_draft(d, p);
  EXPECT_EQ(p.rules.ballot_type, BallotType::cumulative);
  EXPECT_EQ(p.rules.points, 10);
  EXPECT_EQ(draft_of(p).points, "10");

  d = draft("ranked");
  d.min_projects = "1";
  EXPECT_EQ(draft_errors(d), (std::vector<std::string>{"max_projects: Enter how many projects a voter may "
                                                       "rank, as a whole number from 1 to 10"}));
  d.max_projects = "11";
  EXPECT_EQ(draft_errors(d).size(), 1u) << "no more places than a page can show";
  d.max_projects = "3";
  d.min_projects = "4";
  EXPECT_EQ(draft_errors(d), (std::vector<std::string>{"min_projects: The fewest projects to rank must be no "
                                                       "more than the most"}));
  d.min_projects = "2";
  apply_draft(d, p);
  EXPECT_EQ(p.rules.max_projects, 3);
  EXPECT_EQ(p.rules.min_projects, 2);
  auto before = p.rules;
  p.rules.points = 5;
  EXPECT_THROW(check_rules_unchanged(before, p.rules, 1), web::FormInvalid);
}

TEST(BudgetBallotTypes, cumulative_points_are_whole_numbers_within_the_total) {
  auto rules = cumulative();
  EXPECT_EQ(refusal(rules, {.points = {{"11", "6"}, {"12", " 4 "}, {"13", ""}}}), "");
  EXPECT_EQ(check_ballot(rules, shortlist(), {.points = {{"13", "3"}, {"11", "7"}, {"12", "0"}}}),
            (Ballot{.projects = {11, 13}, .points = {7, 3}}))
      << "sorted by project, without the projects given nothing";
  EXPECT_EQ(refusal(rules, {.points = {{"11", "8"}, {"12", "5"}}}),
            "points-11: You gave 13 points, which is 3 more than the 10 points you have: take some away");
  EXPECT_EQ(refusal(rules, {.points = {{"11", ""}, {"12", "0"}}}),
            "points-11: Give at least 1 point to a project");
  EXPECT_EQ(refusal(rules, {.points = {{"12", "two"}}}),
            "points-12: Enter the points for Benches as a whole number from 0 to 10");
  EXPECT_EQ(refusal(rules, {.points = {{"12", "-1"}}}),
            "points-12: Enter the points for Benches as a whole number from 0 to 10");
  EXPECT_EQ(refusal(rules, {.points = {{"12", "11"}}}),
            "points-12: Enter the points for Benches as a whole number from 0 to 10");
  EXPECT_EQ(refusal(rules, {.points = {{"99", "1"}}}),
            "points-99: Choose projects from the shortlist: one you chose is not on it");
  EXPECT_EQ(refusal(rules, {.ticked = {"11"}}), "points-11: Give at least 1 point to a project")
      << "ticks are not points";
}

TEST(BudgetBallotTypes, a_ranking_keeps_its_order_and_refuses_repeats_gaps_and_too_few) {
  auto rules = ranked(2, 3);
  EXPECT_EQ(check_ballot(rules, shortlist(), {.ranked = {"13", "11"}}), (Ballot{.projects = {13, 11}}));
  EXPECT_EQ(check_ballot(rules, shortlist(), {.ranked = {"13", "11", ""}}), (Ballot{.projects = {13, 11}}));
  EXPECT_EQ(refusal(rules, {.ranked = {"13"}}), "rank-2: Rank at least 2 projects");
  EXPECT_EQ(refusal(rules, {.ranked = {"13", "12", "13"}}),
            "rank-3: You chose Bins as your 1st and 3rd choice: choose each project once");
  EXPECT_EQ(refusal(rules, {.ranked = {"13", "", "12"}}),
            "rank-2: Choose your 2nd choice, or move your later choices up: leave no gaps");
  EXPECT_EQ(refusal(rules, {.ranked = {"13", "99"}}),
            "rank-2: Choose projects from the shortlist: one you chose is not on it");
  EXPECT_EQ(check_ballot(ranked(1, 2), shortlist(), {.ranked = {"13", "11", "12"}}),
            (Ballot{.projects = {13, 11}}))
      << "places beyond the ballot's are not read";
  EXPECT_EQ(place_text(1), "1st");
  EXPECT_EQ(place_text(2), "2nd");
  EXPECT_EQ(place_text(3), "3rd");
  EXPECT_EQ(place_text(4), "4th");
  EXPECT_EQ(place_text(11), "11th");
  EXPECT_EQ(place_text(22), "22nd");
}

TEST(BudgetBallotTypes, the_count_weighs_points_and_places) {
  EXPECT_EQ(ballot_weights(ranked(1, 3), {.projects = {13, 11}}), (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(ballot_weights(cumulative(), {.projects = {11, 13}, .points = {7, 3}}),
            (std::vector<std::int64_t>{7, 3}));
  EXPECT_EQ(ballot_weights(Rules{}, {.projects = {11, 13}}), (std::vector<std::int64_t>{1, 1}));
}

Process process_with(Rules rules, Rule rule) {
  Process p{.id = 7, .title = "Greener Sutton", .rules = rules};
  p.rules.rule = rule;
  return p;
}

// Recounting the published file with its META rule funds what the published count funded.
void expect_recount_agrees(const Results& r) {
  auto file = count::read_pabulib_string(r.pabulib, "budget.pb");
  auto outcome = count::count_pb(count::make_profile(file), *count::parse_pb_rule(*file.meta_value("rule")));
  std::vector<std::string> recounted;
  for (auto i : outcome.selected) recounted.push_back(file.projects[i].id);
  EXPECT_EQ(recounted, r.selected);
}

TEST(BudgetBallotTypes, points_decide_where_votes_would_not_and_the_file_recounts) {
  // Trees has three supporters giving 1 point each; Bins two giving 5 each. Counting voters would fund
  // Trees first; counting points funds Bins first, then Benches, and Trees no longer fits.
  std::vector<std::string> ballots{"11:1,12:4", "11:1,12:4", "11:1", "13:5", "13:5"};
  auto r = count_results(process_with(cumulative(), Rule::greedy), "Sutton", shortlist(), ballots);
  EXPECT_EQ(r.selected, (std::vector<std::string>{"13", "12"}));
  EXPECT_EQ(r.votes.at(11), 3) << "votes are still supporters";
  auto file = count::read_pabulib_string(r.pabulib, "budget.pb");
  EXPECT_EQ(*file.meta_value("vote_type"), "cumulative");
  EXPECT_EQ(*file.meta_value("max_sum_points"), "10");
  EXPECT_EQ(file.votes.at(0).points, (std::vector<std::int64_t>{1, 4}));
  expect_recount_agrees(r);
  auto shares = count_results(process_with(cumulative(), Rule::equal_shares), "Sutton", shortlist(), ballots);
  expect_recount_agrees(shares);
  // What each voter paid adds up to each funded project's cost.
  std::map<std::int64_t, std::int64_t> paid;
  for (const auto& b : ballots)
    for (const auto& pay : share_payments(shares.explanation, cumulative(), ballot_from_text(b)))
      paid[pay.project_id] += pay.pence;
  ASSERT_FALSE(shares.selected.empty());
  for (const auto& project : shortlist()) {
    if (!shares.funded(project.id)) continue;
    EXPECT_NEAR(static_cast<double>(paid[project.id]), static_cast<double>(project.cost), 5) << project.title;
  }
}

TEST(BudgetBallotTypes, a_ranked_count_gives_first_choices_more_and_the_file_recounts) {
  // Trees is everyone's 2nd choice (4 × 2 = 8 points); Bins the 1st choice of three (3 × 3 = 9).
  std::vector<std::string> ballots{"13,11", "13,11", "13,11", "12,11"};
  auto r = count_results(process_with(ranked(1, 3), Rule::greedy), "Sutton", shortlist(), ballots);
  ASSERT_FALSE(r.selected.empty());
  EXPECT_EQ(r.selected.front(), "13") << "more points, though fewer supporters";
  auto file = count::read_pabulib_string(r.pabulib, "budget.pb");
  EXPECT_EQ(*file.meta_value("vote_type"), "ordinal");
  EXPECT_EQ(*file.meta_value("max_length"), "3");
  EXPECT_EQ(file.votes.at(3).projects.size(), 2u);
  expect_recount_agrees(r);
  expect_recount_agrees(
      count_results(process_with(ranked(1, 3), Rule::equal_shares), "Sutton", shortlist(), ballots));
  EXPECT_NE(ballot_instruction(ranked(1, 3)).find("1st choice is worth 3 points"), std::string::npos);
  EXPECT_NE(ballot_instruction(cumulative()).find("10 points"), std::string::npos);
}

TEST(BudgetManifest, the_smallest_share_and_the_tie_break_are_read_from_the_draft) {
  auto d = draft("approval");
  d.min_share = "51";
  d.tie_break = "coin";
  EXPECT_EQ(
      draft_errors(d),
      (std::vector<std::string>{"min_share: Enter the smallest share of the votes a project needs as a whole "
                                "number from 0 to 50, or leave it blank",
                                "tie_break: Choose which project goes first when two are level"}));
  d.min_share = "20";
  d.tie_break = "cost";
  Process p;
  apply_draft(d, p);
  EXPECT_EQ(p.rules.min_share, 20);
  EXPECT_EQ(p.rules.tie_break, TieBreak::cheaper);
  EXPECT_EQ(draft_of(p).min_share, "20");
  EXPECT_EQ(draft_of(p).tie_break, "cost");
  auto before = p.rules;
  p.rules.tie_break = TieBreak::shortlist;
  EXPECT_THROW(check_rules_unchanged(before, p.rules, 1), web::FormInvalid);
}

TEST(BudgetManifest, a_project_below_the_smallest_share_is_not_funded_by_either_rule) {
  // Bins has 1 vote of 10 (10%); with a 20% minimum it cannot be funded, though money is left for it.
  std::vector<std::string> ballots{"11", "11", "11", "11", "11", "12", "12", "12", "12", "13"};
  for (auto rule : {Rule::greedy, Rule::equal_shares}) {
    auto p = process_with({.pot = 150'000, .min_projects = 1, .min_share = 20}, rule);
    auto r = count_results(p, "Sutton", shortlist(), ballots);
    EXPECT_FALSE(r.funded(13)) << rule_slug(rule);
    EXPECT_TRUE(r.funded(11) && r.funded(12)) << rule_slug(rule);
    EXPECT_EQ(r.explanation.ineligible, (std::vector<std::int64_t>{13}));
    auto file = count::read_pabulib_string(r.pabulib, "budget.pb");
    EXPECT_EQ(*file.meta_value("min_project_score_threshold"), "2") << "20% of 10 ballots";
    expect_recount_agrees(r);
    p.rules.min_share = 0;
    EXPECT_TRUE(count_results(p, "Sutton", shortlist(), ballots).funded(13)) << "without the minimum it is";
  }
}

TEST(BudgetManifest, level_projects_go_in_shortlist_order_or_cheapest_first) {
  // Trees and Benches have two votes each and the pot fits one of them.
  std::vector<std::string> ballots{"11", "11", "12", "12"};
  auto p = process_with({.pot = 60'000, .min_projects = 1}, Rule::greedy);
  EXPECT_EQ(count_results(p, "Sutton", shortlist(), ballots).selected, (std::vector<std::string>{"11"}));
  p.rules.tie_break = TieBreak::cheaper;
  auto r = count_results(p, "Sutton", shortlist(), ballots);
  EXPECT_EQ(r.selected.front(), "12") << "Benches costs less";
  auto file = count::read_pabulib_string(r.pabulib, "budget.pb");
  EXPECT_EQ(*file.meta_value("tie_break"), "cost");
}

TEST(BudgetManifest, the_comparison_step_needs_equal_shares_and_the_minimum_age_a_whole_number) {
  auto d = draft("approval");
  d.comparison = "yes";
  d.min_age = "16 years";
  auto errors = draft_errors(d);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0],
            "comparison: The comparison step is part of the Method of Equal Shares. Untick it, or "
            "choose the Method of Equal Shares");
  EXPECT_TRUE(errors[1].starts_with("min_age: Enter the youngest age")) << errors[1];
  d.rule = "equalshares/add1";
  d.min_age = "16";
  Process p;
  apply_draft(d, p);
  EXPECT_TRUE(p.rules.comparison);
  EXPECT_EQ(p.rules.min_age, 16);
  EXPECT_EQ(draft_of(p).comparison, "yes");
  EXPECT_EQ(draft_of(p).min_age, "16");
  d.min_age = "26";
  EXPECT_EQ(draft_errors(d).size(), 1u) << "25 is the oldest minimum";
}

TEST(BudgetManifest, the_minimum_age_is_fixed_once_people_vote_and_the_comparison_step_is_amended) {
  Rules before{.pot = 100'000, .rule = Rule::equal_shares, .min_age = 16};
  auto older = before;
  older.min_age = 18;
  try {
    check_rules_unchanged(before, older, 3, "Because");
    FAIL() << "the minimum age changed after voting";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 409);
    EXPECT_NE(e.errors.at(0).message.find("the minimum age cannot change"), std::string::npos);
  }
  auto compared = before;
  compared.comparison = true;
  EXPECT_THROW(check_rules_unchanged(before, compared, 3), web::FormInvalid);
  EXPECT_NO_THROW(check_rules_unchanged(before, compared, 3, "The board asked for it"));
  EXPECT_EQ(rule_changes(before, compared), (std::vector<std::string>{"the comparison step (off to on)"}));
}

TEST(BudgetBallotTypes, a_minimum_age_must_be_declared_and_is_named_beside_the_ballots_own_mistakes) {
  Rules rules{.pot = 100'000, .min_projects = 1, .min_age = 16};
  EXPECT_EQ(
      refusal(rules, {.ticked = {"11"}}),
      "age_declared: Confirm that you are 16 or older: only people aged 16 or over may vote in this budget");
  try {
    check_ballot(rules, shortlist(), {.ticked = {}});
    FAIL();
  } catch (const web::FormInvalid& e) {
    ASSERT_EQ(e.errors.size(), 2u);
    EXPECT_EQ(e.errors[0].field, "projects");
    EXPECT_EQ(e.errors[1].field, "age_declared");
  }
  EXPECT_EQ(refusal(rules, {.ticked = {"11"}, .age_declared = true}), "");
  rules.min_age = 0;
  EXPECT_EQ(refusal(rules, {.ticked = {"11"}}), "") << "no minimum, nothing to declare";
}

TEST(BudgetManifest, an_excluded_project_is_written_to_the_file_and_the_rules_outcome_kept_beside_it) {
  std::vector<std::string> ballots{"11", "11", "11", "12", "13"};
  for (auto rule : {Rule::greedy, Rule::equal_shares}) {
    auto p = process_with({.pot = 100'000, .min_projects = 1}, rule);
    auto all = count_results(p, "Sutton", shortlist(), ballots);
    ASSERT_TRUE(all.funded(11)) << rule_slug(rule);
    EXPECT_TRUE(all.by_the_rules.empty());
    auto r = count_results(p, "Sutton", shortlist(), ballots, {11});
    EXPECT_FALSE(r.funded(11)) << rule_slug(rule);
    EXPECT_TRUE(r.excluded(11));
    EXPECT_EQ(r.by_the_rules, all.selected);
    auto file = count::read_pabulib_string(r.pabulib, "budget.pb");
    EXPECT_EQ(*file.meta_value("excluded"), "11");
    expect_recount_agrees(r);
  }
}

}  // namespace
}  // namespace cw::budgeting
