// The second factor over HTTP: a role holder's sign-in goes on to it, their roles wait until they pass it,
// setting it up shows a QR code and recovery codes once, a code works once, and giving or removing a role
// or blocking someone needs a code again when the last one is more than ten minutes old.
#include <gtest/gtest.h>

#include "site_fixture.h"

namespace cw::testing {
namespace {

using namespace std::chrono_literals;

class SecondFactorTest : public SiteTest {
 protected:
  HttpReply sign_in(const std::string& email) {
    return post("/account/sign-in",
                {{"csrf_token", token_from("/account/sign-in")}, {"email", email}, {"password", kPassword}});
  }
  std::int64_t officer(const std::string& email) {
    auto id = person(email, "Olu Officer");
    auto sutton = demo_locality();
    store::in_write(db(), [&](store::Tx& tx) {
      accounts::insert_grant(tx, id, {accounts::role::locality_admin, sutton, std::nullopt}, std::nullopt,
                             kServerNow);
    });
    return id;
  }
  void advance(std::chrono::seconds d) { server_->clock().advance(d.count() * 1000000); }
};

TEST_P(SecondFactorTest, a_role_holder_sets_it_up_after_signing_in_and_only_then_uses_the_role) {
  officer("olu@sutton.example");
  person("ann@example.org");
  EXPECT_EQ(sign_in("ann@example.org").header("location"), "/account") << "residents are not asked";

  auto r = sign_in("olu@sutton.example");
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/account/two-factor?next=%2Faccount");
  auto cookie = set_session(r).value_or("");
  EXPECT_EQ(get("/manage", cookie).status, 403) << "the role waits";
  // A signed-in person's refusal is an audit event, saying why.
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'access.refused' AND object_id = $1 AND "
                  "after_summary LIKE '%second factor not yet entered%'",
                  std::string("GET /manage")),
            1);
  EXPECT_TRUE(contains(get("/account", cookie).body, "Your role is paused"));

  auto page = get("/account/two-factor", cookie);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "<svg")) << "the QR code";
  EXPECT_TRUE(contains(page.body, "autocomplete=\"one-time-code\""));
  auto wrong = post("/account/two-factor", {{"csrf_token", csrf_in(page.body)}, {"code", "000000"}}, cookie);
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(contains(wrong.body, "govuk-error-summary"));
  EXPECT_TRUE(contains(wrong.body, "Enter the 6-digit code your authenticator app shows"));
  EXPECT_EQ(get("/manage", cookie).status, 403);

  auto secret = set_up_second_factor(cookie);
  EXPECT_EQ(get("/manage", cookie).status, 200);
  EXPECT_FALSE(contains(get("/account", cookie).body, "Your role is paused"));
  auto status = get("/account/two-factor", cookie);
  EXPECT_TRUE(contains(status.body, "Your second factor is on"));
  EXPECT_FALSE(contains(status.body, secret.substr(0, 4) + " ")) << "the key is never shown again";
  EXPECT_TRUE(contains(status.body, "You have 10 unused recovery codes"));
}

TEST_P(SecondFactorTest, the_next_sign_in_asks_for_a_code_which_works_once) {
  officer("olu@sutton.example");
  auto first = set_session(sign_in("olu@sutton.example")).value_or("");
  auto secret = set_up_second_factor(first);

  auto again = sign_in("olu@sutton.example");
  EXPECT_EQ(again.header("location"), "/account/two-factor?next=%2Faccount");
  auto cookie = set_session(again).value_or("");
  auto page = get("/account/two-factor", cookie);
  EXPECT_TRUE(contains(page.body, "Enter your code"));
  auto replay =
      post("/account/two-factor", {{"csrf_token", csrf_in(page.body)}, {"code", code_for(secret)}}, cookie);
  EXPECT_EQ(replay.status, 422) << "the code used to set it up is spent";
  advance(30s);
  auto ok = post("/account/two-factor",
                 {{"csrf_token", csrf_in(page.body)}, {"code", code_for(secret)}, {"next", "/admin/people"}},
                 cookie);
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 2000);
  EXPECT_EQ(ok.header("location"), "/admin/people");
  EXPECT_EQ(get("/admin/people", cookie).status, 200);
  EXPECT_GE(count("SELECT COUNT(*) FROM audit_log WHERE action = $1", std::string("second_factor.check")), 1);
}

TEST_P(SecondFactorTest, giving_a_role_ten_minutes_later_asks_for_a_code_and_keeps_the_form) {
  officer("olu@sutton.example");
  person("ann@example.org");
  auto cookie = set_session(sign_in("olu@sutton.example")).value_or("");
  auto secret = set_up_second_factor(cookie);
  advance(11min);
  auto page = get("/admin/people", cookie);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "confirm it is you"));
  EXPECT_FALSE(contains(page.body, "/revoke\"")) << "no Remove buttons until the admin confirms";
  auto grant = [&](const std::string& code) {
    return post("/admin/people",
                {{"csrf_token", csrf_in(page.body)},
                 {"email", "ann@example.org"},
                 {"role", "moderator"},
                 {"locality", std::to_string(demo_locality())},
                 {"code", code}},
                cookie);
  };
  auto refused = grant("");
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "href=\"#code\""));
  EXPECT_TRUE(contains(refused.body, "value=\"ann@example.org\"")) << "the form is refilled";
  EXPECT_EQ(count("SELECT COUNT(*) FROM role_grants WHERE role = $1", std::string("moderator")), 0);

  auto granted = grant(code_for(secret));
  EXPECT_EQ(granted.status, 303) << granted.body.substr(0, 2000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM role_grants WHERE role = $1", std::string("moderator")), 1);
  EXPECT_TRUE(contains(get("/admin/people", cookie).body, "/revoke\"")) << "the code covers ten minutes";
}

TEST_P(SecondFactorTest, removing_a_role_after_ten_minutes_goes_through_confirming_it_is_you) {
  officer("olu@sutton.example");
  auto mod = officer("mod@sutton.example");
  auto cookie = set_session(sign_in("olu@sutton.example")).value_or("");
  auto secret = set_up_second_factor(cookie);
  advance(11min);
  auto token = token_from("/admin/people", cookie);
  auto revoke = [&] {
    return post(
        "/admin/people/" + std::to_string(mod) + "/revoke",
        {{"csrf_token", token}, {"role", "locality_admin"}, {"locality", std::to_string(demo_locality())}},
        cookie);
  };
  EXPECT_EQ(revoke().status, 422);
  auto confirm = get("/account/two-factor/confirm?next=%2Fadmin%2Fpeople", cookie);
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(contains(confirm.body, "Confirm it is you"));
  auto ok = post(
      "/account/two-factor/confirm",
      {{"csrf_token", csrf_in(confirm.body)}, {"code", code_for(secret)}, {"next", "/admin/people"}}, cookie);
  EXPECT_EQ(ok.header("location"), "/admin/people");
  EXPECT_EQ(revoke().status, 303);
  EXPECT_EQ(count("SELECT COUNT(*) FROM role_grants WHERE user_id = $1", mod), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, SecondFactorTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
