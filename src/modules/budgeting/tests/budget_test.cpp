// The budgeting rules without a database: the phase read from the dates and the clock, the officer's
// draft (dates in order, limits), the rules frozen once anyone has voted, each ballot type's checks
// with the message a voter sees, and the Pabulib file and its count.
#include "modules/budgeting/budget.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/civil_date.h"
#include "count/pabulib.h"
#include "modules/budgeting/results.h"
#include "web/forms.h"

namespace cw::budgeting {
namespace {

constexpr Micros kDayMicros = 86'400'000'000LL;

ProcessDraft draft() {
  ProcessDraft d{.title = "Greener Sutton",
                 .pot = "£1,000",
                 .rule = "greedy",
                 .ballot_type = "approval",
                 .min_projects = "1",
                 .max_projects = "2"};
  for (int i = 0; i < 6; ++i) d.starts[i] = {std::to_string(1 + i), "3", "2027"};
  return d;
}

Process process() {
  Process p;
  apply_draft(draft(), p);
  return p;
}

std::vector<Project> shortlist() {
  return {{.id = 11, .title = "Trees", .cost = 60'000},
          {.id = 12, .title = "Benches", .cost = 30'000},
          {.id = 13, .title = "Bins", .cost = 50'000}};
}

// The message on `field` that checking the ballot gives, or "" when it passes.
std::string refusal(const Rules& rules, const BallotForm& form, const std::string& field = "projects") {
  try {
    check_ballot(rules, shortlist(), form);
    return "";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.errors.at(0).field, field) << e.errors.at(0).message;
    return e.errors.at(0).message;
  }
}

TEST(BudgetPhase, is_read_from_the_dates_and_the_clock) {
  auto p = process();
  auto day = [&](int d) { return *civil::date_from_parts(std::to_string(d), "3", "2027"); };
  auto at = [&](int d, int hour) {
    return std::chrono::duration_cast<std::chrono::microseconds>(day(d).time_since_epoch()).count() +
           hour * 3'600'000'000LL;
  };
  EXPECT_EQ(phase(p, at(1, 0) - 1), Phase::upcoming);
  EXPECT_EQ(phase(p, at(1, 0)), Phase::ideas);
  EXPECT_EQ(phase(p, at(3, 12)), Phase::shortlist);
  EXPECT_EQ(phase(p, at(4, 0)), Phase::voting);
  EXPECT_EQ(phase(p, at(4, 23)), Phase::voting);
  EXPECT_EQ(phase(p, at(5, 0)), Phase::results) << "voting closes at the end of the day before results";
  EXPECT_EQ(phase(p, at(6, 0) + 365 * kDayMicros), Phase::delivery);
  EXPECT_STREQ(phase_slug(Phase::voting), "voting");
}

TEST(BudgetDraft, refuses_dates_out_of_order_and_a_voting_phase_of_no_days) {
  auto d = draft();
  d.starts[3] = {"1", "2", "2027"};  // voting before the shortlist
  d.starts[4] = d.starts[3];
  Process p;
  try {
    apply_draft(d, p);
    FAIL() << "accepted";
  } catch (const web::FormInvalid& e) {
    ASSERT_EQ(e.errors.size(), 2u);
    EXPECT_EQ(e.errors[0].field, "voting");
    EXPECT_EQ(e.errors[1].field, "results");
    EXPECT_EQ(e.errors[1].message, "Results must come at least a day after voting opens");
  }
  auto skipping = draft();
  skipping.starts[0] = skipping.starts[1] = skipping.starts[2];  // no ideas or costing phase
  EXPECT_NO_THROW(apply_draft(skipping, p));
}

TEST(BudgetDraft, reads_the_pot_in_pounds_and_refuses_bad_limits) {
  auto p = process();
  EXPECT_EQ(p.rules.pot, 100'000);
  EXPECT_EQ(p.rules.max_projects, 2);
  auto d = draft();
  d.pot = "lots";
  d.min_projects = "3";
  d.max_projects = "2";
  d.rule = "random";
  try {
    apply_draft(d, p);
    FAIL() << "accepted";
  } catch (const web::FormInvalid& e) {
    std::vector<std::string> fields;
    for (const auto& f : e.errors) fields.push_back(f.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"pot", "rule", "max_projects"}));
  }
}

TEST(BudgetRules, are_frozen_once_anyone_has_voted) {
  auto before = process().rules;
  auto after = before;
  after.rule = Rule::equal_shares;
  after.pot = 200'000;
  EXPECT_NO_THROW(check_rules_unchanged(before, after, 0))
      << "no ballots yet: officers may still change them";
  EXPECT_NO_THROW(check_rules_unchanged(before, before, 5));
  try {
    check_rules_unchanged(before, after, 1);
    FAIL() << "accepted";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 409);
    EXPECT_EQ(
        std::string(e.what()),
        "The voting rules are fixed once people have voted (1 ballot cast), so the pot and the counting "
        "rule cannot change. Put the rules back as they were to save the other details, or say why "
        "they must be amended: the amendment is published on the budget's page");
    EXPECT_EQ(e.errors.at(0).field, "amendment");
  }
}

TEST(BudgetRules,
     after_the_first_ballot_the_counting_rules_change_only_by_an_amendment_and_the_ballot_never) {
  auto before = process().rules;
  auto after = before;
  after.pot = 200'000;
  after.rule = Rule::equal_shares;
  EXPECT_NO_THROW(check_rules_unchanged(before, after, 3, "The council added £1,000 from its reserves."));
  EXPECT_THROW(check_rules_unchanged(before, after, 3, "   "), web::FormInvalid) << "a reason, not spaces";
  EXPECT_EQ(rule_changes(before, after),
            (std::vector<std::string>{"the pot (£1,000 to £2,000)",
                                      "the counting rule (greedy to equalshares/add1)"}));
  auto ballot = before;
  ballot.max_projects = 3;
  try {
    check_rules_unchanged(before, ballot, 3, "We want longer ballots.");
    FAIL() << "accepted";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 409);
    EXPECT_EQ(std::string(e.what()),
              "The ballot is fixed once people have voted (3 ballots cast), so how many projects a voter may "
              "choose cannot change. Put it back as it was to save the other details");
  }
}

TEST(BudgetBallot, approval_needs_between_the_fewest_and_the_most_projects) {
  auto rules = process().rules;  // 1 to 2
  EXPECT_EQ(refusal(rules, {.ticked = {}}), "Choose at least 1 project");
  EXPECT_EQ(refusal(rules, {.ticked = {"11", "12", "13"}}), "Choose no more than 2 projects: you chose 3");
  EXPECT_EQ(refusal(rules, {.ticked = {"11", "99"}}),
            "Choose projects from the shortlist: one you chose is not on it");
  EXPECT_EQ(refusal(rules, {.ticked = {"11", "11"}}), "") << "a project ticked twice counts once";
  EXPECT_EQ(check_ballot(rules, shortlist(), {.ticked = {"13", "11"}}), (Ballot{.projects = {11, 13}}));
  rules.min_projects = 2;
  EXPECT_EQ(refusal(rules, {.ticked = {"12"}}), "Choose at least 2 projects");
}

TEST(BudgetBallot, knapsack_must_fit_the_pot_and_says_by_how_much_it_is_over) {
  auto rules = process().rules;
  rules.ballot_type = BallotType::knapsack;
  EXPECT_EQ(refusal(rules, {.ticked = {"11", "12"}}), "");
  EXPECT_EQ(refusal(rules, {.ticked = {"11", "12", "13"}}),
            "Your choices cost £1,400, which is £400 more than the £1,000 to spend: untick some projects");
  EXPECT_EQ(refusal(rules, {.ticked = {}}), "Choose at least 1 project");
  EXPECT_EQ(refusal(rules, {.ticked = {"x"}}),
            "Choose projects from the shortlist: one you chose is not on it");
  EXPECT_EQ(ballot_cost(shortlist(), {"11", "13", "nonsense"}), 110'000);
}

TEST(BudgetBallot, round_trips_as_the_ballot_box_content) {
  EXPECT_EQ(ballot_text({.projects = {3, 5, 8}}), "3,5,8");
  EXPECT_EQ(ballot_from_text("3,5,8"), (Ballot{.projects = {3, 5, 8}}));
  EXPECT_TRUE(ballot_from_text("").projects.empty());
  EXPECT_EQ(ballot_text({.projects = {3, 5}, .points = {4, 6}}), "3:4,5:6");
  EXPECT_EQ(ballot_from_text("3:4,5:6"), (Ballot{.projects = {3, 5}, .points = {4, 6}}));
  EXPECT_EQ(ballot_from_text("8,3,5"), (Ballot{.projects = {8, 3, 5}})) << "a ranking keeps its order";
}

TEST(BudgetResults, the_file_reads_back_and_its_count_funds_the_most_voted_that_fit) {
  auto p = process();  // pot £1,000, greedy
  p.id = 7;
  std::vector<std::string> ballots{"11,12", "11", "11,13", "13", "12"};
  auto r = count_results(p, "Sutton", shortlist(), ballots);
  EXPECT_EQ(r.selected, (std::vector<std::string>{"11", "12"}))
      << "Trees (3 votes), then Benches, then Bins won't fit";
  EXPECT_EQ(r.cost, 90'000);
  EXPECT_EQ(r.left, 10'000);
  EXPECT_EQ(r.votes.at(13), 2);
  auto file = count::read_pabulib_string(r.pabulib, "budget.pb");
  EXPECT_EQ(*file.meta_value("rule"), "greedy");
  EXPECT_EQ(*file.meta_value("budget"), "1000");
  EXPECT_EQ(*file.meta_value("max_length"), "2");
  EXPECT_EQ(file.votes.size(), 5u);
  EXPECT_EQ(file.projects.at(0).fields.back(), "1") << "selected";
  EXPECT_EQ(file.projects.at(2).fields.back(), "0");
  EXPECT_EQ(pounds_text(123'456), "1234.56");
}

TEST(BudgetResults, equal_shares_gives_a_minority_its_project_where_greedy_would_not) {
  auto p = process();  // pot £1,000
  p.rules.max_projects = 0;
  std::vector<Project> projects{{.id = 11, .title = "Pool", .cost = 60'000},
                                {.id = 12, .title = "Park", .cost = 40'000},
                                {.id = 13, .title = "Library", .cost = 40'000}};
  // Four people want the pool and the park; two want only the library.
  std::vector<std::string> ballots{"11,12", "11,12", "11,12", "11,12", "13", "13"};
  auto greedy = count_results(p, "Sutton", projects, ballots);
  EXPECT_EQ(greedy.selected, (std::vector<std::string>{"11", "12"})) << "the majority takes the whole pot";
  p.rules.rule = Rule::equal_shares;
  auto shares = count_results(p, "Sutton", projects, ballots);
  auto funded = shares.selected;
  std::sort(funded.begin(), funded.end());
  // Cost utilities: the four's share pays for the pool, the two's for the library.
  EXPECT_EQ(funded, (std::vector<std::string>{"11", "13"})) << "a third of the voters get a project";
  EXPECT_EQ(shares.left, 0);
  EXPECT_TRUE(count_results(p, "Sutton", projects, {}).selected.empty()) << "no ballots, nothing funded";
}

}  // namespace
}  // namespace cw::budgeting
