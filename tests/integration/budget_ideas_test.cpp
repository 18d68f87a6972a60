// Budget ideas over real HTTP on SQLite and PostgreSQL: residents put ideas forward (every mistake named
// at once, nothing written), support them once each and comment while discussion is open; officers
// alone assess, merge and shortlist, each decision audited, and a shortlisted idea becomes a project at
// the officer's cost linked back to it; each phase refuses what it does not allow; reports reach the
// shared moderation queue, and what a moderator hides leaves the public pages.
#include <gtest/gtest.h>

#include "modules/budgeting/ideas_store.h"
#include "modules/budgeting/store.h"
#include "site_fixture.h"

namespace cw::testing {
namespace {

constexpr Micros kDay = 86'400'000'000LL;
using budgeting::Phase;

class IdeasTest : public SiteTest {
 protected:
  // A budget whose phase at the server's time is `now` (a dated phase), with a pot of £10,000.
  std::int64_t budget_in(Phase now) {
    budgeting::Process p{.locality_id = demo_locality(), .title = "Greener Sutton"};
    p.rules = {.pot = 1'000'000, .min_projects = 1};
    auto at = static_cast<int>(now) - 1;  // its index in kDatedPhases
    for (int i = 0; i < 6; ++i) p.starts[i] = kServerNow + (i - at) * kDay - (i <= at ? kDay / 2 : 0);
    p.created_at = p.updated_at = kServerNow;
    return store::in_write(db(), [&](store::Tx& tx) { return budgeting::insert_process(tx, p); });
  }
  std::int64_t idea(std::int64_t budget, const std::string& title, std::optional<std::int64_t> author = {}) {
    budgeting::Idea i{.process_id = budget, .author_id = author, .title = title, .description = "Please"};
    i.created_at = i.updated_at = kServerNow;
    return store::in_write(db(), [&](store::Tx& tx) { return budgeting::insert_idea(tx, i); });
  }
  static std::string path(std::int64_t budget, const std::string& rest = "") {
    return "/budgets/" + std::to_string(budget) + rest;
  }
  static std::string idea_path(std::int64_t budget, std::int64_t idea, const std::string& rest = "") {
    return path(budget, "/ideas/" + std::to_string(idea) + rest);
  }
  // The token any form of the signed-in person carries.
  std::string token(const std::string& cookie) { return csrf_in(get("/account/delete", cookie).body); }
  std::string resident(int n) { return session_for(person("resident" + std::to_string(n) + "@example.org")); }
  HttpReply support(std::int64_t b, std::int64_t i, const std::string& cookie,
                    const std::string& action = "support") {
    return post(idea_path(b, i, "/support"), {{"csrf_token", token(cookie)}, {"action", action}}, cookie);
  }
  HttpReply assess(std::int64_t b, std::int64_t i, const std::string& cookie, const std::string& feasibility,
                   const std::string& reason, const std::string& cost) {
    return post(
        idea_path(b, i, "/assess"),
        {{"csrf_token", token(cookie)}, {"feasibility", feasibility}, {"reason", reason}, {"cost", cost}},
        cookie);
  }
  HttpReply shortlist(std::int64_t b, std::int64_t i, const std::string& cookie) {
    return post(idea_path(b, i, "/shortlist"), {{"csrf_token", token(cookie)}}, cookie);
  }
  // Ideas written by the test, not the demo budget's.
  std::int64_t ideas_written() {
    return count(
        "SELECT COUNT(*) FROM budget_ideas WHERE process_id NOT IN (SELECT id FROM budget_processes "
        "WHERE title = $1)",
        std::string(kDemoOpenBudget));
  }
  static constexpr const char* kDemoOpenBudget = "Sutton Community Fund 2027";
};

TEST_P(IdeasTest, a_resident_puts_an_idea_forward_and_every_mistake_is_named_with_nothing_written) {
  auto b = budget_in(Phase::ideas);
  EXPECT_EQ(get(path(b, "/ideas/new")).status, 303) << "sign in first";
  auto ann = resident(1);
  auto form = get(path(b, "/ideas/new"), ann);
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "Ideas are open"));
  auto bad = post(path(b, "/ideas/new"),
                  {{"csrf_token", csrf_in(form.body)},
                   {"title", ""},
                   {"description", ""},
                   {"ward", "E99999999"},
                   {"lat", "51.36"},
                   {"lon", "east"},
                   {"estimate", "lots"}},
                  ann);
  EXPECT_EQ(bad.status, 422);
  for (const char* message :
       {"<a href=\"#title\">Enter a title for your idea</a>",
        "<a href=\"#description\">Describe your idea: what it is and who it would help</a>",
        "<a href=\"#ward\">Choose a ward from the list</a>",
        "<a href=\"#lon\">Enter the longitude as a number of degrees, for example -0.1946</a>",
        "<a href=\"#estimate\">Enter what you think it would cost in pounds, for example £5,000, or leave it "
        "blank</a>"})
    EXPECT_TRUE(contains(bad.body, message)) << message << "\n" << bad.body.substr(0, 4000);
  EXPECT_TRUE(contains(bad.body, "value=\"lots\"")) << "what was typed is kept";
  EXPECT_TRUE(contains(bad.body, "value=\"51.36\""));
  EXPECT_EQ(ideas_written(), 0);

  auto elsewhere = post(path(b, "/ideas/new"),
                        {{"csrf_token", csrf_in(form.body)},
                         {"title", "Benches"},
                         {"description", "In Manchester"},
                         {"lat", "53.4808"},
                         {"lon", "-2.2426"}},
                        ann);
  EXPECT_EQ(elsewhere.status, 422);
  EXPECT_TRUE(contains(elsewhere.body, "That point is not in this area"));
  EXPECT_EQ(ideas_written(), 0);

  auto sent = post(path(b, "/ideas/new"),
                   {{"csrf_token", csrf_in(form.body)},
                    {"title", "Benches in Manor Park"},
                    {"description", "Somewhere to rest by the playground."},
                    {"lat", "51.3618"},
                    {"lon", "-0.1946"},
                    {"estimate", "£5,000"}},
                   ann);
  ASSERT_EQ(sent.status, 303) << sent.body.substr(0, 3000);
  auto page = get(sent.header("location"));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Your idea has been put forward"));
  EXPECT_TRUE(contains(page.body, "Somewhere to rest by the playground."));
  EXPECT_TRUE(contains(page.body, "£5,000"));
  EXPECT_TRUE(contains(page.body, "Waiting to be assessed"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM budget_ideas WHERE ward_code <> '' AND estimate = $1", 500'000), 1)
      << "the point gives the ward";
  auto list = get(path(b, "/ideas"));
  EXPECT_TRUE(contains(list.body, "Benches in Manor Park"));
  EXPECT_TRUE(contains(list.body, "Sign in to take part."));
  EXPECT_TRUE(contains(get(path(b)).body, "See the ideas residents have put forward"));
}

TEST_P(IdeasTest, supporting_twice_counts_once_and_a_support_can_be_withdrawn) {
  auto b = budget_in(Phase::ideas);
  auto i = idea(b, "Trees on Cheam Road");
  EXPECT_EQ(post(idea_path(b, i, "/support"), {{"csrf_token", csrf_in(get("/account/sign-in").body)}}).status,
            403)
      << "signed in only";
  auto ann = resident(1);
  EXPECT_EQ(support(b, i, ann).status, 303);
  EXPECT_EQ(support(b, i, ann).status, 303);
  EXPECT_EQ(count("SELECT COUNT(*) FROM budget_idea_supports WHERE idea_id = $1", i), 1);
  EXPECT_EQ(support(b, i, resident(2)).status, 303);
  auto page = get(idea_path(b, i), ann);
  EXPECT_TRUE(contains(page.body, "Withdraw my support"));
  auto list = get(path(b, "/ideas"));
  EXPECT_TRUE(contains(list.body, "govuk-table__cell--numeric\">2<")) << list.body.substr(0, 4000);
  EXPECT_EQ(support(b, i, ann, "withdraw").status, 303);
  EXPECT_EQ(count("SELECT COUNT(*) FROM budget_idea_supports WHERE idea_id = $1", i), 1);
  EXPECT_TRUE(contains(get(idea_path(b, i), ann).body, "Support this idea"));
}

TEST_P(IdeasTest, residents_comment_and_an_empty_comment_is_refused) {
  auto b = budget_in(Phase::costing);
  auto i = idea(b, "Trees on Cheam Road");
  auto ann = resident(1);
  auto empty = post(idea_path(b, i, "/comments"), {{"csrf_token", token(ann)}, {"comment", " "}}, ann);
  EXPECT_EQ(empty.status, 422);
  EXPECT_TRUE(contains(empty.body, "<a href=\"#comment\">Enter your comment</a>"));
  auto sent =
      post(idea_path(b, i, "/comments"), {{"csrf_token", token(ann)}, {"comment", "Yes please"}}, ann);
  ASSERT_EQ(sent.status, 303);
  auto page = get(idea_path(b, i));
  EXPECT_TRUE(contains(page.body, "Yes please"));
  EXPECT_TRUE(contains(page.body, "Ann Smith"));
}

TEST_P(IdeasTest, each_phase_refuses_what_it_does_not_allow) {
  auto ann = resident(1);
  auto officer = officer_session();
  auto costing = budget_in(Phase::costing);
  auto sent = post(path(costing, "/ideas/new"),
                   {{"csrf_token", token(ann)}, {"title", "Late idea"}, {"description", "Too late"}}, ann);
  EXPECT_EQ(sent.status, 409);
  EXPECT_EQ(ideas_written(), 0);
  EXPECT_EQ(get(path(costing, "/ideas/new"), ann).status, 200) << "a page saying ideas are closed";
  auto costed = idea(costing, "Trees");
  EXPECT_EQ(support(costing, costed, ann).status, 303) << "support goes on while ideas are costed";

  auto shortlist_phase = budget_in(Phase::shortlist);
  auto late = idea(shortlist_phase, "Bins");
  EXPECT_EQ(support(shortlist_phase, late, ann).status, 409);
  EXPECT_EQ(post(idea_path(shortlist_phase, late, "/comments"),
                 {{"csrf_token", token(ann)}, {"comment", "Hi"}}, ann)
                .status,
            409);
  EXPECT_EQ(assess(shortlist_phase, late, officer, "feasible", "", "£100").status, 303)
      << "officers assess until voting opens";

  auto voting = budget_in(Phase::voting);
  auto too_late = idea(voting, "Lights");
  EXPECT_EQ(assess(voting, too_late, officer, "feasible", "", "£100").status, 409);
  EXPECT_EQ(shortlist(voting, too_late, officer).status, 409);
  EXPECT_EQ(count("SELECT COUNT(*) FROM budget_idea_supports WHERE idea_id <> $1", 0), 1);
}

TEST_P(IdeasTest, only_officers_assess_and_not_feasible_needs_a_reason) {
  auto b = budget_in(Phase::costing);
  auto i = idea(b, "A swimming pool");
  EXPECT_EQ(assess(b, i, resident(1), "feasible", "", "£100").status, 403);
  auto officer = officer_session();
  auto home = get("/manage", officer);
  EXPECT_TRUE(contains(home.body, "Budget ideas to assess")) << home.body.substr(0, 4000);
  auto page = get(idea_path(b, i), officer);
  EXPECT_TRUE(contains(page.body, "Assess this idea"));
  EXPECT_TRUE(contains(get(path(b, "/ideas"), officer).body, "1 idea is waiting for an assessment."));
  EXPECT_FALSE(contains(get(idea_path(b, i), resident(2)).body, "Assess this idea"));
  auto no_reason = assess(b, i, officer, "not_feasible", "", "");
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_TRUE(contains(no_reason.body, "<a href=\"#reason\">Enter why the idea is not feasible</a>"));
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM budget_ideas WHERE feasibility = 'unassessed' AND process_id = $1", b), 1);
  auto saved = assess(b, i, officer, "not_feasible", "It would cost far more than the pot", "£2,000,000");
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 3000);
  page = get(idea_path(b, i));
  EXPECT_TRUE(contains(page.body, "No: It would cost far more than the pot"));
  EXPECT_TRUE(contains(page.body, "£2,000,000"));
  EXPECT_TRUE(contains(page.body, "Not feasible"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = $1", "budget.idea.assess"), 1);
}

TEST_P(IdeasTest, a_merged_idea_says_so_and_its_supporters_count_toward_the_other) {
  auto b = budget_in(Phase::ideas);
  auto dup = idea(b, "Benches by the pond");
  auto target = idea(b, "Benches in Manor Park");
  auto one = resident(1), two = resident(2), three = resident(3);
  support(b, dup, one);
  support(b, target, two);
  support(b, dup, three);
  support(b, target, three);
  auto officer = officer_session();
  auto self = post(idea_path(b, dup, "/merge"),
                   {{"csrf_token", token(officer)}, {"into", std::to_string(dup)}}, officer);
  EXPECT_EQ(self.status, 422);
  EXPECT_TRUE(contains(self.body, "Choose another idea of this budget to merge it into"));
  EXPECT_EQ(
      post(idea_path(b, dup, "/merge"), {{"csrf_token", token(one)}, {"into", std::to_string(target)}}, one)
          .status,
      403);
  auto merged = post(idea_path(b, dup, "/merge"),
                     {{"csrf_token", token(officer)}, {"into", std::to_string(target)}}, officer);
  ASSERT_EQ(merged.status, 303) << merged.body.substr(0, 3000);
  EXPECT_EQ(store::in_read(db(), [&](store::Tx& tx) { return budgeting::supporters_of(tx, target); }), 3)
      << "each person once";
  auto page = get(idea_path(b, dup));
  EXPECT_TRUE(contains(page.body, "This idea was merged into <a class=\"govuk-link\" href=\"" +
                                      idea_path(b, target) + "\">Benches in Manor Park</a>"));
  EXPECT_TRUE(contains(get(idea_path(b, target)).body, "<dd class=\"govuk-summary-list__value\">3</dd>"));
  EXPECT_EQ(support(b, dup, resident(4)).status, 409) << "support the idea it was merged into";
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = $1", "budget.idea.merge"), 1);
}

TEST_P(IdeasTest, shortlisting_an_idea_makes_a_project_at_the_officers_cost_linked_to_the_idea) {
  auto b = budget_in(Phase::shortlist);
  auto i = idea(b, "Trees on Cheam Road");
  auto officer = officer_session();
  EXPECT_EQ(shortlist(b, i, officer).status, 409) << "not assessed yet";
  ASSERT_EQ(assess(b, i, officer, "feasible", "", "£7,500").status, 303);
  EXPECT_EQ(shortlist(b, i, resident(1)).status, 403);
  auto done = shortlist(b, i, officer);
  ASSERT_EQ(done.status, 303) << done.body.substr(0, 3000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM budget_projects WHERE cost = 750000 AND idea_id = $1", i), 1);
  EXPECT_EQ(shortlist(b, i, officer).status, 409) << "once";
  EXPECT_EQ(assess(b, i, officer, "feasible", "", "£1").status, 409) << "its cost is fixed now";
  auto budget = get(path(b));
  EXPECT_TRUE(contains(budget.body, "href=\"" + idea_path(b, i) + "\">Trees on Cheam Road</a>"))
      << budget.body.substr(0, 4000);
  EXPECT_TRUE(contains(budget.body, "£7,500"));
  EXPECT_TRUE(contains(get(idea_path(b, i)).body, "On the shortlist"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = $1", "budget.idea.shortlist"), 1);
}

TEST_P(IdeasTest, reports_reach_the_moderation_queue_and_hidden_ideas_and_comments_leave_the_public_pages) {
  auto b = budget_in(Phase::ideas);
  auto author = person("author@example.org", "Avril Author");
  auto i = idea(b, "Buy cheap watches", author);
  auto ann = resident(1);
  ASSERT_EQ(
      post(idea_path(b, i, "/comments"), {{"csrf_token", token(ann)}, {"comment", "Spam spam"}}, ann).status,
      303);
  auto comment = count("SELECT MAX(id) FROM budget_idea_comments WHERE idea_id = $1", i);
  auto page = get(idea_path(b, i), ann);
  EXPECT_TRUE(contains(page.body, "href=\"/report/budget_idea/" + std::to_string(i) + "\""));
  EXPECT_TRUE(contains(page.body, "href=\"/report/budget_idea_comment/" + std::to_string(comment) + "\""));
  for (const auto& what : {"/report/budget_idea/" + std::to_string(i),
                           "/report/budget_idea_comment/" + std::to_string(comment)}) {
    auto form = get(what, ann);
    ASSERT_EQ(form.status, 200) << what;
    EXPECT_EQ(post(what, {{"csrf_token", csrf_in(form.body)}, {"reason", "advert"}}, ann).status, 200);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM moderation_flags WHERE content_kind LIKE $1", "budget_idea%"), 2);

  auto mod = staff_session(accounts::role::moderator, "mod@sutton.example", "Mo Moderator");
  auto queue = get("/moderation", mod);
  ASSERT_EQ(queue.status, 200);
  EXPECT_TRUE(contains(queue.body, "Budget idea: Buy cheap watches"));
  EXPECT_TRUE(contains(queue.body, "Spam spam"));
  for (const auto& what : {"/moderation/budget_idea_comment/" + std::to_string(comment),
                           "/moderation/budget_idea/" + std::to_string(i)}) {
    auto decided =
        post(what, {{"csrf_token", csrf_in(queue.body)}, {"decision", "hide"}, {"reason", "advert"}}, mod);
    EXPECT_EQ(decided.status, 303) << what << decided.body.substr(0, 2000);
  }
  EXPECT_FALSE(contains(get(path(b, "/ideas")).body, "Buy cheap watches"));
  EXPECT_EQ(get(idea_path(b, i)).status, 404);
  EXPECT_EQ(get(idea_path(b, i), ann).status, 404);
  EXPECT_EQ(support(b, i, ann).status, 404);
  auto seen = get(idea_path(b, i), mod);
  EXPECT_EQ(seen.status, 200) << "its moderator may still look";
  EXPECT_TRUE(contains(seen.body, "A moderator has hidden this idea"));
  EXPECT_FALSE(contains(seen.body, "Spam spam")) << "the hidden comment is gone";
}

INSTANTIATE_TEST_SUITE_P(Engines, IdeasTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
