// The second factor through the accounts service on both engines: setting it up, a code spent once,
// recovery codes, throttled guessing, step-up, roles withheld until a session passes it, and the reset.
#include <gtest/gtest.h>

#include "modules/accounts/authenticator.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/second_factor.h"
#include "modules/accounts/secrets.h"
#include "modules/accounts/tests/accounts_fixture.h"
#include "web/forms.h"

namespace cw::accounts {
namespace {

using test_support::Accounts;

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);

class SecondFactor : public Accounts {
 protected:
  std::string secret_of(std::int64_t user_id) {
    return store::in_read(*db_, [&](store::Tx& tx) { return find_second_factor(tx, user_id)->secret; });
  }
  std::string code_now(std::int64_t user_id) { return totp_code(secret_of(user_id), clock_.now() / 1000000); }
  // The actor as the next request would see it, through the real authenticator.
  Actor reload(const std::string& cookie) {
    return *SessionAuthenticator().authenticate(*db_, cookie, clock_.now());
  }
  // A signed-in officer (roles withheld until the second factor) and their cookie.
  std::pair<Actor, std::string> officer() {
    auto a = person("olu@example.org");
    store::in_write(*db_, [&](store::Tx& tx) {
      insert_grant(tx, a.user_id, {role::council_officer, 1, std::nullopt}, std::nullopt, clock_.now());
    });
    auto s = svc_->sign_in({"olu@example.org", "walrus kettle lantern", "203.0.113.9", "test"});
    EXPECT_TRUE(s.second_factor_due);
    return {reload(s.cookie_value), s.cookie_value};
  }
  void expect_refused(const std::function<void()>& f, int status = 422) {
    try {
      f();
      ADD_FAILURE() << "expected a refusal";
    } catch (const web::FormInvalid& e) {
      EXPECT_EQ(e.status, status) << e.what();
      EXPECT_EQ(e.errors.at(0).field, "code");
    }
  }
};

TEST_P(SecondFactor, an_officers_roles_wait_until_the_session_passes_the_second_factor) {
  auto [a, cookie] = officer();
  EXPECT_TRUE(a.second_factor_due);
  EXPECT_FALSE(a.holds_a_role());
  EXPECT_FALSE(can(&a, Action::respond_as_council, {.locality_id = 1}));

  auto setup = svc_->begin_second_factor(a);
  EXPECT_EQ(svc_->begin_second_factor(a).secret_grouped, setup.secret_grouped)
      << "reloading keeps the secret";
  EXPECT_NE(setup.qr_svg.find("<svg"), std::string::npos);
  expect_refused([&] { svc_->confirm_second_factor(a, "000000", "203.0.113.9"); });
  auto codes = svc_->confirm_second_factor(a, code_now(a.user_id), "203.0.113.9");
  EXPECT_EQ(codes.size(), static_cast<std::size_t>(kRecoveryCodes));

  auto after = reload(cookie);
  EXPECT_FALSE(after.second_factor_due);
  EXPECT_TRUE(after.holds_a_role());
  EXPECT_TRUE(svc_->second_factor_status(after).on);
  EXPECT_EQ(svc_->second_factor_status(after).recovery_left, kRecoveryCodes);
  expect_refused([&] { svc_->begin_second_factor(after); });
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'second_factor.set_up'"), 1);
}

TEST_P(SecondFactor, a_code_works_once_and_a_recovery_code_once) {
  auto [a, cookie] = officer();
  svc_->begin_second_factor(a);
  auto codes = svc_->confirm_second_factor(a, code_now(a.user_id), "203.0.113.9");
  // The next sign-in asks again; the code already used to set up cannot be replayed.
  auto s = svc_->sign_in({"olu@example.org", "walrus kettle lantern", "203.0.113.9", "test"});
  auto fresh = reload(s.cookie_value);
  EXPECT_TRUE(fresh.second_factor_due);
  expect_refused([&] { svc_->check_second_factor(fresh, code_now(a.user_id), "203.0.113.9"); });
  clock_.advance(kTotpStep * 1000000LL);
  svc_->check_second_factor(fresh, code_now(a.user_id), "203.0.113.9");
  EXPECT_FALSE(reload(s.cookie_value).second_factor_due);

  auto s2 = svc_->sign_in({"olu@example.org", "walrus kettle lantern", "203.0.113.9", "test"});
  auto phone_lost = reload(s2.cookie_value);
  auto upper = codes[3];
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  svc_->check_second_factor(phone_lost, upper, "203.0.113.9");
  EXPECT_FALSE(reload(s2.cookie_value).second_factor_due);
  expect_refused([&] { svc_->check_second_factor(phone_lost, codes[3], "203.0.113.9"); });
  EXPECT_EQ(svc_->second_factor_status(reload(s2.cookie_value)).recovery_left, kRecoveryCodes - 1);
}

TEST_P(SecondFactor, guessing_codes_is_slowed_then_locked) {
  auto [a, cookie] = officer();
  svc_->begin_second_factor(a);
  svc_->confirm_second_factor(a, code_now(a.user_id), "203.0.113.9");
  auto s = svc_->sign_in({"olu@example.org", "walrus kettle lantern", "203.0.113.9", "test"});
  auto fresh = reload(s.cookie_value);
  for (int i = 0; i < 5; ++i)
    expect_refused([&] { svc_->check_second_factor(fresh, "000000", "203.0.113.9"); });
  clock_.advance(kTotpStep * 1000000LL);
  // Five wrong codes are free; then each wait doubles: the seventh comes too soon after the sixth.
  expect_refused([&] { svc_->check_second_factor(fresh, "111111", "203.0.113.9"); });
  expect_refused([&] { svc_->check_second_factor(fresh, code_now(a.user_id), "203.0.113.9"); }, 429);
}

TEST_P(SecondFactor, step_up_is_needed_ten_minutes_after_the_last_code) {
  auto [a, cookie] = officer();
  svc_->begin_second_factor(a);
  svc_->confirm_second_factor(a, code_now(a.user_id), "203.0.113.9");
  auto now = reload(cookie);
  EXPECT_FALSE(svc_->step_up_needed(now));
  svc_->step_up(now, "", "203.0.113.9");  // recent: no code needed
  clock_.advance(kStepUpFor + 1);
  auto later = reload(cookie);
  EXPECT_TRUE(svc_->step_up_needed(later));
  expect_refused([&] { svc_->step_up(later, "", "203.0.113.9"); });
  svc_->step_up(later, code_now(a.user_id), "203.0.113.9");
  EXPECT_FALSE(svc_->step_up_needed(reload(cookie)));
}

TEST_P(SecondFactor, a_reset_removes_it_and_ends_the_sessions) {
  auto [a, cookie] = officer();
  svc_->begin_second_factor(a);
  svc_->confirm_second_factor(a, code_now(a.user_id), "203.0.113.9");
  EXPECT_TRUE(svc_->reset_second_factor("OLU@example.org"));
  EXPECT_FALSE(SessionAuthenticator().authenticate(*db_, cookie, clock_.now()));
  EXPECT_EQ(count("SELECT COUNT(*) FROM second_factors"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM recovery_codes"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'second_factor.reset'"), 1);
  EXPECT_FALSE(svc_->reset_second_factor("nobody@example.org"));
}

TEST_P(SecondFactor, sign_ins_and_failures_are_audited_without_what_was_typed) {
  person("ann@example.org");
  EXPECT_THROW(svc_->sign_in({"ann@example.org", "wrong password here", "203.0.113.9", "test"}),
               web::FormInvalid);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.sign_in'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.sign_in_failed'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE after_summary LIKE '%wrong%' OR before_summary LIKE "
                  "'%wrong%'"),
            0);
}

INSTANTIATE_TEST_SUITE_P(Engines, SecondFactor,
                         ::testing::Values(store::Engine::sqlite, store::Engine::postgresql),
                         [](const auto& info) {
                           return info.param == store::Engine::sqlite ? "sqlite" : "postgresql";
                         });

}  // namespace
}  // namespace cw::accounts
