// What signing in and staying signed in demand over real HTTP: role holders' sessions end sooner than
// residents', new passwords must be long and not a pattern, and the password field can be shown.
#include <gtest/gtest.h>

#include <string>

#include "modules/accounts/rules.h"
#include "site_fixture.h"

namespace cw::testing {
namespace {

class SignInRulesTest : public SiteTest {
 protected:
  bool signed_in(const std::string& cookie) { return get("/account", cookie).status == 200; }
  void wait(Micros d) { server_->clock().advance(d); }
};

TEST_P(SignInRulesTest, a_role_holders_session_ends_after_30_idle_minutes_a_residents_after_two_hours) {
  auto resident = session_for(person("resident@example.org"));
  auto officer = officer_session();
  ASSERT_TRUE(signed_in(resident));
  ASSERT_TRUE(signed_in(officer));
  wait(accounts::kRoleSessionIdle + accounts::kMinute);
  EXPECT_TRUE(signed_in(resident));
  EXPECT_FALSE(signed_in(officer)) << "31 idle minutes end an officer's session";
  wait(2 * accounts::kHour);
  EXPECT_FALSE(signed_in(resident)) << "two idle hours end anyone's session";
}

TEST_P(SignInRulesTest, a_role_holders_session_ends_after_12_hours_however_busy_and_a_new_grant_shortens_it) {
  auto officer = officer_session();
  auto resident_id = person("resident@example.org");
  auto resident = session_for(resident_id);
  Micros busy = 0;
  while (busy + 20 * accounts::kMinute < accounts::kRoleSessionAbsolute) {
    wait(20 * accounts::kMinute);
    busy += 20 * accounts::kMinute;
    ASSERT_TRUE(signed_in(officer)) << "still within 12 hours after " << busy / accounts::kMinute
                                    << " minutes";
    ASSERT_TRUE(signed_in(resident));
  }
  wait(20 * accounts::kMinute);
  EXPECT_FALSE(signed_in(officer)) << "12 hours after signing in, even a busy officer signs in again";
  EXPECT_TRUE(signed_in(resident));
  // Granting a role to someone signed in for more than 12 hours ends that session at once.
  store::in_write(db(), [&](store::Tx& tx) {
    accounts::insert_grant(tx, resident_id, {accounts::role::council_officer, demo_locality(), std::nullopt},
                           std::nullopt, kServerNow);
  });
  EXPECT_FALSE(signed_in(resident));
}

TEST_P(SignInRulesTest, a_new_password_of_eleven_characters_or_a_pattern_is_refused_saying_why) {
  auto cookie = session_for(person("ann@example.org"));
  for (const auto& [password, says] :
       {std::pair<std::string, std::string>{"walrus kett", "Password must be 12 characters or more"},
        {"aaaaaaaaaaaaaaa", "a pattern that is easy to guess"},
        {"asdfghjklzxc!!", "a pattern that is easy to guess"}}) {
    auto r = post("/account/password",
                  {{"csrf_token", token_from("/account/password", cookie)},
                   {"current_password", kPassword},
                   {"new_password", password}},
                  cookie);
    EXPECT_EQ(r.status, 422) << password;
    EXPECT_TRUE(contains(r.body, says)) << password << ": " << r.body.substr(0, 400);
  }
}

TEST_P(SignInRulesTest, password_fields_carry_the_show_password_button_hidden_until_its_script_runs) {
  auto page = get("/account/sign-in");
  EXPECT_TRUE(contains(page.body, "data-module=\"govuk-password-input\""));
  EXPECT_TRUE(contains(page.body, "govuk-js-password-input-toggle"));
  EXPECT_TRUE(contains(page.body, "aria-controls=\"password\" aria-label=\"Show password\" hidden"))
      << "without JavaScript the button stays hidden";
  auto form = get("/account/register").body;
  std::size_t wrapped = 0;
  for (auto at = form.find("data-module=\"govuk-password-input\""); at != std::string::npos;
       at = form.find("data-module=\"govuk-password-input\"", at + 1))
    ++wrapped;
  EXPECT_EQ(wrapped, 1u) << "the password field gets it, the email and name fields do not";
}

TEST_P(SignInRulesTest, signing_in_or_registering_needs_a_request_that_shows_it_came_from_this_site) {
  person("ann@example.org");
  auto fields = [&](const std::string& page) {
    return form_body({{"csrf_token", token_from(page)},
                      {"email", "ann@example.org"},
                      {"display_name", "Ann"},
                      {"password", kPassword}});
  };
  auto send = [&](const std::string& path, const std::string& headers) {
    return http_request(port(), "POST", path, fields(path), "application/x-www-form-urlencoded",
                        cookie_header("") + headers);
  };
  for (const std::string path : {"/account/sign-in", "/account/register"}) {
    auto bare = send(path, "");
    EXPECT_EQ(bare.status, 403) << path << ": neither Origin nor Sec-Fetch-Site";
    EXPECT_TRUE(contains(bare.body, "must be sent from a page of this site")) << bare.body.substr(0, 300);
    EXPECT_EQ(send(path, "Origin: null\r\n").status, 403) << path << ": Origin: null";
    EXPECT_EQ(send(path, "Sec-Fetch-Site: same-site\r\n").status, 403) << path << ": a sibling site";
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE user_id > $1", std::int64_t{0}), 0)
      << "no session was made";
  auto from_page = send("/account/sign-in", "Sec-Fetch-Site: same-origin\r\n");
  EXPECT_EQ(from_page.status, 303) << from_page.body.substr(0, 300);
  auto with_origin = send("/account/sign-in", "Origin: http://localhost\r\n");
  EXPECT_EQ(with_origin.status, 303) << "an older browser that sends only Origin";
}

INSTANTIATE_TEST_SUITE_P(Engines, SignInRulesTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
