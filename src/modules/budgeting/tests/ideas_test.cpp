// The rules of budget ideas without a database: what a resident must give and how each mistake is
// worded, the officer's assessment (a reason when not feasible), what each phase allows, when an idea
// may go on the shortlist, and the status residents see.
#include "modules/budgeting/ideas.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "web/forms.h"

namespace cw::budgeting {
namespace {

// The fields a refused draft names, with their messages.
template <class F>
std::map<std::string, std::string> refusal(F&& f) {
  try {
    f();
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 422);
    std::map<std::string, std::string> out;
    for (const auto& err : e.errors) out[err.field] = err.message;
    return out;
  }
  ADD_FAILURE() << "accepted";
  return {};
}

IdeaDraft good() {
  return {.title = "Benches in Manor Park", .description = "Somewhere to rest by the playground."};
}

TEST(Ideas, a_title_and_a_description_are_all_an_idea_needs) {
  auto idea = idea_from(good());
  EXPECT_EQ(idea.title, "Benches in Manor Park");
  EXPECT_FALSE(idea.lat);
  EXPECT_FALSE(idea.estimate);
}

TEST(Ideas, every_problem_with_a_draft_is_named_at_once) {
  auto errors = refusal([] {
    idea_from({.title = " ", .description = "", .lat = "51.36", .lon = "east", .estimate = "lots"});
  });
  EXPECT_EQ(errors["title"], "Enter a title for your idea");
  EXPECT_EQ(errors["description"], "Describe your idea: what it is and who it would help");
  EXPECT_EQ(errors["lon"], "Enter the longitude as a number of degrees, for example -0.1946");
  EXPECT_EQ(errors.count("lat"), 0u);
  EXPECT_EQ(errors["estimate"],
            "Enter what you think it would cost in pounds, for example £5,000, or leave it blank");
}

TEST(Ideas, a_point_needs_both_coordinates_within_great_britain) {
  auto d = good();
  d.lat = "51.3618";
  d.lon = "-0.1946";
  auto idea = idea_from(d);
  EXPECT_DOUBLE_EQ(*idea.lat, 51.3618);
  EXPECT_DOUBLE_EQ(*idea.lon, -0.1946);
  d.lat = "-0.1946";  // swapped
  d.lon = "51.3618";
  auto errors = refusal([&] { idea_from(d); });
  EXPECT_EQ(errors.size(), 2u);
  d.lat = "";
  d.lon = "-0.19";
  EXPECT_EQ(refusal([&] { idea_from(d); }).count("lat"), 1u) << "one without the other";
}

TEST(Ideas, the_estimate_is_read_in_pounds) {
  auto d = good();
  d.estimate = "£5,000";
  EXPECT_EQ(*idea_from(d).estimate, 500'000);
  d.estimate = "0";
  EXPECT_EQ(refusal([&] { idea_from(d); }).count("estimate"), 1u);
}

TEST(Ideas, a_long_title_is_refused) {
  auto d = good();
  d.title = std::string(151, 'a');
  EXPECT_EQ(refusal([&] { idea_from(d); })["title"], "The title must be 150 characters or fewer");
}

TEST(Ideas, not_feasible_needs_a_reason_and_a_cost_must_be_an_amount) {
  auto errors = refusal([] { assessment_from({.feasibility = "not_feasible", .reason = " ", .cost = "x"}); });
  EXPECT_EQ(errors["reason"], "Enter why the idea is not feasible");
  EXPECT_EQ(errors["cost"], "Enter what it would cost in pounds, for example £12,500, or leave it blank");
  EXPECT_EQ(refusal([] { assessment_from({}); })["feasibility"], "Choose whether the idea is feasible");
  EXPECT_EQ(refusal([] { assessment_from({.feasibility = "unassessed"}); }).count("feasibility"), 1u);
  auto a = assessment_from({.feasibility = "feasible", .cost = "£12,500"});
  EXPECT_EQ(a.feasibility, Feasibility::feasible);
  EXPECT_EQ(*a.cost, 1'250'000);
  auto no = assessment_from({.feasibility = "not_feasible", .reason = "The land is not the council's"});
  EXPECT_EQ(no.feasibility, Feasibility::not_feasible);
  EXPECT_FALSE(no.cost);
}

TEST(Ideas, a_comment_is_required_and_short) {
  EXPECT_EQ(comment_from("Yes please"), "Yes please");
  EXPECT_EQ(refusal([] { comment_from("  \n"); })["comment"], "Enter your comment");
  EXPECT_EQ(refusal([] { comment_from(std::string(2001, 'a')); })["comment"],
            "Your comment must be 2,000 characters or fewer");
}

TEST(Ideas, each_phase_allows_its_own_part) {
  std::set<Phase> submit, discuss, assess;
  for (auto p : {Phase::upcoming, Phase::ideas, Phase::costing, Phase::shortlist, Phase::voting,
                 Phase::results, Phase::delivery}) {
    if (ideas_open(p)) submit.insert(p);
    if (discussion_open(p)) discuss.insert(p);
    if (assessment_open(p)) assess.insert(p);
  }
  EXPECT_EQ(submit, std::set<Phase>{Phase::ideas});
  EXPECT_EQ(discuss, (std::set<Phase>{Phase::ideas, Phase::costing}));
  EXPECT_EQ(assess, (std::set<Phase>{Phase::ideas, Phase::costing, Phase::shortlist}));
}

TEST(Ideas, only_a_feasible_costed_idea_within_the_pot_goes_on_the_shortlist) {
  Rules rules{.pot = 1'000'000};
  Idea idea{.id = 1};
  EXPECT_EQ(*shortlist_refusal(idea, rules), "Only an idea assessed as feasible can go on the shortlist");
  idea.feasibility = Feasibility::feasible;
  EXPECT_EQ(*shortlist_refusal(idea, rules),
            "Record what the idea would cost before putting it on the shortlist");
  idea.officer_cost = 2'000'000;
  EXPECT_EQ(*shortlist_refusal(idea, rules), "The cost must be no more than the pot of £10,000");
  idea.officer_cost = 500'000;
  EXPECT_FALSE(shortlist_refusal(idea, rules));
  idea.merged_into = 2;
  EXPECT_TRUE(shortlist_refusal(idea, rules));
  idea.merged_into.reset();
  idea.project_id = 9;
  EXPECT_EQ(*shortlist_refusal(idea, rules), "This idea is on the shortlist already");
}

TEST(Ideas, the_status_says_where_an_idea_stands) {
  Idea idea;
  EXPECT_STREQ(status_label(status_of(idea)), "Waiting to be assessed");
  idea.feasibility = Feasibility::not_feasible;
  EXPECT_STREQ(status_label(status_of(idea)), "Not feasible");
  idea.feasibility = Feasibility::feasible;
  EXPECT_STREQ(status_label(status_of(idea)), "Feasible");
  idea.project_id = 3;
  EXPECT_STREQ(status_label(status_of(idea)), "On the shortlist");
  idea.merged_into = 4;
  EXPECT_STREQ(status_label(status_of(idea)), "Merged");
  EXPECT_EQ(feasibility_from_slug("not_feasible"), Feasibility::not_feasible);
  EXPECT_FALSE(feasibility_from_slug("maybe"));
}

TEST(Ideas, the_inset_text_says_what_can_be_done_now) {
  EXPECT_NE(ideas_now_text(Phase::ideas, false).find("Sign in to take part."), std::string::npos);
  EXPECT_EQ(ideas_now_text(Phase::ideas, true).find("Sign in"), std::string::npos);
  EXPECT_NE(ideas_now_text(Phase::costing, true).find("You can still support ideas"), std::string::npos);
  EXPECT_NE(ideas_now_text(Phase::shortlist, true).find("no longer be supported"), std::string::npos);
}

}  // namespace
}  // namespace cw::budgeting
