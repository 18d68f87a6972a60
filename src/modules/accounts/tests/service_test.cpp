// Account commands against both real engines: what each one writes, mails and audits, and what it
// refuses. Passwords are hashed at the cheapest argon2id cost here; the real cost is in the HTTP tests.
#include "modules/accounts/service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <regex>

#include "modules/accounts/permissions.h"
#include "modules/accounts/tests/accounts_fixture.h"
#include "modules/audit/audit.h"
#include "modules/module.h"
#include "modules/testing.h"
#include "store/migrate.h"
#include "store/tests/pg_harness.h"
#include "web/forms.h"

namespace cw::accounts {
namespace {

using store::Engine;

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);
using test_support::Accounts;
using test_support::kCheap;

TEST_P(Accounts, registering_mails_a_link_and_signing_in_waits_for_it) {
  svc_->register_person({"Ann@Example.org", "Ann Smith", "walrus kettle lantern", "sm1 1ea"}, "203.0.113.9");
  auto [subject, body] = last_mail("ann@example.org");
  EXPECT_EQ(subject, "Confirm your email address for commonweal");
  auto token = token_in(body, "https://cw.example/account/confirm/");
  EXPECT_THROW(svc_->sign_in({"ann@example.org", "walrus kettle lantern", "203.0.113.9", ""}),
               web::FormInvalid);
  svc_->confirm_email(token);
  EXPECT_THROW(svc_->confirm_email(token), web::FormInvalid) << "a link works once";
  auto s = svc_->sign_in({"ANN@example.org ", "walrus kettle lantern", "203.0.113.9", "Firefox"});
  EXPECT_EQ(s.cookie_value.size(), 43u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE postcode = 'SM1 1EA'"), 1);
}

TEST_P(Accounts, a_second_registration_of_an_address_mails_the_owner_and_creates_nothing) {
  person("ann@example.org");
  svc_->register_person({"ann@example.org", "Impostor", "another long one", ""}, "198.51.100.1");
  EXPECT_EQ(last_mail("ann@example.org").first, "You already have a commonweal account");
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 1);
}

TEST_P(Accounts, bad_registrations_name_every_field_at_fault_and_write_nothing) {
  try {
    svc_->register_person({"not-an-address", "", "password1", "nowhere"}, "");
    FAIL() << "expected FormInvalid";
  } catch (const web::FormInvalid& e) {
    std::vector<std::string> fields;
    for (const auto& f : e.errors) fields.push_back(f.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"email", "display_name", "password", "postcode"}));
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_P(Accounts, a_wrong_password_fails_and_repeated_failures_are_throttled) {
  person("ann@example.org");
  for (int i = 0; i < 5; ++i)
    EXPECT_THROW(svc_->sign_in({"ann@example.org", "not the password", "203.0.113.9", ""}), web::FormInvalid);
  try {
    svc_->sign_in({"ann@example.org", "walrus kettle lantern", "203.0.113.9", ""});
    FAIL() << "the sixth attempt should wait";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 429);
  }
  clock_.advance(2'000'000);
  EXPECT_NO_THROW(svc_->sign_in({"ann@example.org", "walrus kettle lantern", "203.0.113.9", ""}));
}

TEST_P(Accounts, a_guesser_elsewhere_cannot_lock_the_owner_out) {
  person("ann@example.org");
  int refused = 0;
  for (int i = 0; i < 30; ++i) {
    try {
      svc_->sign_in({"ann@example.org", "wrong guess", "198.51.100.66", ""});
    } catch (const web::FormInvalid& e) {
      if (e.status == 429) {
        ++refused;
        clock_.advance(61'000'000);  // waits are at most a minute, then the lock
      }
    }
  }
  EXPECT_GT(refused, 0) << "the guesser is slowed";
  EXPECT_NO_THROW(svc_->sign_in({"ann@example.org", "walrus kettle lantern", "203.0.113.9", ""}))
      << "the owner, from their own address, is not";
  EXPECT_NO_THROW(svc_->sign_in({"ann@example.org", "walrus kettle lantern", "2001:db8:1:2::99", ""}));
}

TEST_P(Accounts, concurrent_guesses_are_each_counted_so_only_five_go_through) {
  person("ann@example.org");
  std::atomic<int> checked{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 4; ++i) try {
          svc_->sign_in({"ann@example.org", "wrong guess", "2001:db8:7:7::" + std::to_string(i + 1), ""});
        } catch (const web::FormInvalid& e) {
          (e.status == 429 ? refused : checked).fetch_add(1);
        }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(checked.load(), 5) << "one /64, one account: five free guesses, however they race";
  EXPECT_EQ(refused.load(), 19);
}

TEST_P(Accounts, a_reset_link_works_once_within_an_hour_and_ends_every_session) {
  person("ann@example.org");
  svc_->request_password_reset("ann@example.org", "203.0.113.9");
  auto token = token_in(last_mail("ann@example.org").second, "/account/reset/");
  svc_->reset_password(token, "a brand new passphrase");
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL"), 0);
  EXPECT_THROW(svc_->reset_password(token, "yet another passphrase"), web::FormInvalid);
  EXPECT_NO_THROW(svc_->sign_in({"ann@example.org", "a brand new passphrase", "203.0.113.9", ""}));

  svc_->request_password_reset("ann@example.org", "203.0.113.9");
  auto late = token_in(last_mail("ann@example.org").second, "/account/reset/");
  clock_.advance(kResetLifetime + 1);
  EXPECT_THROW(svc_->reset_password(late, "too late a passphrase"), web::FormInvalid);
}

TEST_P(Accounts, no_older_link_outlives_a_reset_a_new_request_or_an_email_change) {
  auto ann = person("ann@example.org");
  svc_->request_password_reset("ann@example.org", "203.0.113.9");
  auto older = token_in(last_mail("ann@example.org").second, "/account/reset/");
  svc_->request_password_reset("ann@example.org", "203.0.113.9");
  auto newer = token_in(last_mail("ann@example.org").second, "/account/reset/");
  ASSERT_NE(older, newer);
  EXPECT_THROW(svc_->reset_password(older, "an older link passphrase"), web::FormInvalid)
      << "a new request spends the older link";
  svc_->request_email_change(ann, "ann@new.example", "walrus kettle lantern");
  auto change = token_in(last_mail("ann@new.example").second, "/account/confirm-email/");
  svc_->reset_password(newer, "a brand new passphrase");
  EXPECT_THROW(svc_->confirm_email_change(change), web::FormInvalid) << "the reset spent the email change";

  // A reset link mailed before the address changed does not work after it.
  svc_->request_password_reset("ann@example.org", "203.0.113.9");
  auto before_change = token_in(last_mail("ann@example.org").second, "/account/reset/");
  svc_->request_email_change(ann, "ann@new.example", "a brand new passphrase");
  svc_->confirm_email_change(token_in(last_mail("ann@new.example").second, "/account/confirm-email/"));
  EXPECT_THROW(svc_->reset_password(before_change, "a takeover passphrase"), web::FormInvalid);
  EXPECT_NO_THROW(svc_->sign_in({"ann@new.example", "a brand new passphrase", "203.0.113.9", ""}));
}

TEST_P(Accounts, a_reset_link_is_bound_to_the_address_it_was_sent_to) {
  auto ann = person("ann@example.org");
  svc_->request_password_reset("ann@example.org", "203.0.113.9");
  auto token = token_in(last_mail("ann@example.org").second, "/account/reset/");
  // The address changes without going through the service (an admin's correction, say).
  store::in_write(*db_, [&](store::Tx& tx) {
    tx.run("UPDATE users SET email = 'ann@elsewhere.example' WHERE id = $1", ann.user_id);
  });
  EXPECT_THROW(svc_->reset_password(token, "a takeover passphrase"), web::FormInvalid);
}

TEST_P(Accounts, asking_to_reset_an_unknown_address_mails_nobody) {
  svc_->request_password_reset("nobody@example.org", "203.0.113.9");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_P(Accounts, deleting_an_account_keeps_an_anonymous_row_and_audits_it) {
  auto a = person("ann@example.org");
  EXPECT_THROW(svc_->delete_account(a, "wrong password", "203.0.113.9"), web::FormInvalid);
  svc_->delete_account(a, "walrus kettle lantern", "203.0.113.9");
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM users WHERE email IS NULL AND display_name IS NULL AND postcode IS NULL "
            "AND password_hash IS NULL AND status = 'deleted'"),
      1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.delete'"), 1);
  EXPECT_THROW(svc_->sign_in({"ann@example.org", "walrus kettle lantern", "203.0.113.9", ""}),
               web::FormInvalid);
  EXPECT_TRUE(audit::verify_audit_chain(*db_).ok);
}

TEST_P(Accounts, an_admin_grants_roles_in_their_locality_and_invites_newcomers) {
  auto admin_link = svc_->add_user_with_role("chief@example.org", "Chief", {role::locality_admin, 1, {}});
  ASSERT_TRUE(admin_link);
  auto admin = Actor{1, "Chief", "chief@example.org", "k", {{role::locality_admin, 1, {}}}};
  auto ann = person("ann@example.org");
  EXPECT_FALSE(svc_->grant_or_invite(admin, {"ann@example.org", role::moderator, 1}, "203.0.113.9"));
  EXPECT_EQ(last_mail("ann@example.org").first, "You have a new role on commonweal");
  try {
    svc_->grant_or_invite(admin, {"ann@example.org", role::moderator, 2}, "203.0.113.9");
    FAIL() << "locality 2 is not theirs";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 403);
  }
  EXPECT_TRUE(svc_->grant_or_invite(admin, {"new@example.org", role::council_officer, 1}, "203.0.113.9"));
  auto invite = token_in(last_mail("new@example.org").second, "/account/register\\?invite=");
  svc_->register_person({"new@example.org", "Newcomer", "walrus kettle lantern", "", invite}, "203.0.113.9");
  auto s = svc_->sign_in({"new@example.org", "walrus kettle lantern", "203.0.113.9", ""});
  auto grants = store::in_read(*db_, [&](store::Tx& tx) { return user_grants(tx, s.user_id); });
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].role, role::council_officer);
  svc_->revoke(admin, ann.user_id, {role::moderator, 1, {}}, "203.0.113.9");
  EXPECT_EQ(count("SELECT COUNT(*) FROM role_grants WHERE role = 'moderator'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'role.%'"), 5);
  EXPECT_TRUE(audit::verify_audit_chain(*db_).ok);
}

TEST_P(Accounts, a_locality_admin_appoints_organisation_admins_by_the_organisations_number) {
  auto admin = Actor{1, "Chief", "chief@example.org", "k", {{role::locality_admin, 1, {}}}};
  ASSERT_TRUE(svc_->add_user_with_role("chief@example.org", "Chief", {role::locality_admin, 1, {}}));
  auto ann = person("ann@example.org");
  try {
    svc_->grant_or_invite(admin, {"ann@example.org", role::organisation_admin, 1, std::nullopt},
                          "203.0.113.9");
    FAIL() << "no organisation named";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.errors[0].field, "organisation");
  }
  EXPECT_FALSE(
      svc_->grant_or_invite(admin, {"ann@example.org", role::organisation_admin, 1, 12}, "203.0.113.9"));
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM role_grants WHERE role = 'organisation_admin' AND locality_id = 1 AND "
            "organisation_id = 12"),
      1);
  EXPECT_NE(last_mail("ann@example.org").second.find("Organisation admin for organisation 12"),
            std::string::npos);
  EXPECT_TRUE(
      svc_->grant_or_invite(admin, {"org@example.org", role::organisation_admin, 1, 7}, "203.0.113.9"));
  auto invite = token_in(last_mail("org@example.org").second, "/account/register\\?invite=");
  svc_->register_person({"org@example.org", "Org Admin", "walrus kettle lantern", "", invite}, "203.0.113.9");
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM role_grants WHERE role = 'organisation_admin' AND organisation_id = 7"), 1)
      << "the invitation carries the organisation";
  svc_->revoke(admin, ann.user_id, {role::organisation_admin, 1, 12}, "203.0.113.9");
  EXPECT_EQ(count("SELECT COUNT(*) FROM role_grants WHERE organisation_id = 12"), 0);
}

TEST_P(Accounts, changing_email_needs_the_password_and_a_link_to_the_new_address) {
  auto a = person("ann@example.org");
  EXPECT_THROW(svc_->request_email_change(a, "ann@new.example", "wrong"), web::FormInvalid);
  svc_->request_email_change(a, "ann@new.example", "walrus kettle lantern");
  EXPECT_EQ(last_mail("ann@example.org").first, "Your commonweal email address is being changed");
  svc_->confirm_email_change(token_in(last_mail("ann@new.example").second, "/account/confirm-email/"));
  EXPECT_NO_THROW(svc_->sign_in({"ann@new.example", "walrus kettle lantern", "203.0.113.9", ""}));
}

INSTANTIATE_TEST_SUITE_P(Engines, Accounts, ::testing::Values(Engine::sqlite, Engine::postgresql),
                         [](const auto& info) {
                           return info.param == Engine::sqlite ? "sqlite" : "postgresql";
                         });

}  // namespace
}  // namespace cw::accounts

namespace cw::accounts {
namespace {

TEST_P(Accounts, reset_mails_to_one_address_are_capped_so_an_inbox_cannot_be_flooded) {
  person("ann@example.org");
  for (int i = 0; i < 12; ++i) svc_->request_password_reset("ann@example.org", "203.0.113.9");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE subject = 'Reset your commonweal password'"), 5);
  clock_.advance(16 * kMinute);
  svc_->request_password_reset("ann@example.org", "203.0.113.9");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE subject = 'Reset your commonweal password'"), 6);
}

}  // namespace
}  // namespace cw::accounts

namespace cw::accounts {
namespace {

TEST_P(Accounts, ended_sessions_and_spent_links_are_deleted_after_thirty_days_and_live_ones_kept) {
  auto a = person("ann@example.org");  // one live session, one used confirmation link
  auto s = svc_->sign_in({"ann@example.org", "walrus kettle lantern", "203.0.113.9", ""});
  svc_->sign_out(s.cookie_value);
  svc_->request_password_reset("ann@example.org", "203.0.113.9");  // unused, expires in an hour
  auto purge = [&] {
    return store::in_write(*db_, [&](store::Tx& tx) { return purge_expired(tx, clock_.now() - 30 * kDay); });
  };
  EXPECT_EQ(purge(), 0) << "nothing is old enough yet";
  clock_.advance(31 * kDay);
  // Both sessions are over by now (idle), and both links spent or expired.
  EXPECT_EQ(purge(), 4 + 2) << "2 sessions, 2 tokens, the reset throttle and the address's emptied count";
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM account_tokens"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 1) << "the account itself stays";
  (void)a;
}

}  // namespace
}  // namespace cw::accounts
