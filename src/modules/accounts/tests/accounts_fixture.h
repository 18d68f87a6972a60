// The accounts service over a migrated database of either engine, with a fixed clock: shared by the
// service's test files. Passwords are hashed at the cheapest argon2id cost.
#pragma once
#include <gtest/gtest.h>

#include <regex>

#include "modules/accounts/service.h"
#include "modules/testing.h"
#include "store/tests/pg_harness.h"

namespace cw::accounts::test_support {

using store::Engine;

constexpr PasswordCost kCheap{1, 8192};

class Accounts : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = modules::testing::migrated_db(GetParam(), sqlite_, {"accounts", "mail", "audit"});
    svc_ = std::make_unique<AccountService>(*db_, views_, clock_, "https://cw.example", kCheap);
  }

  // The newest mail to `to`: its subject and text body.
  std::pair<std::string, std::string> last_mail(const std::string& to) {
    return store::in_read(*db_, [&](store::Tx& tx) {
      auto r =
          tx.run("SELECT subject, text_body FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1", to);
      if (r.empty()) return std::make_pair(std::string(), std::string());
      return std::make_pair(r.rows[0].text(0), r.rows[0].text(1));
    });
  }
  std::int64_t count(const std::string& sql) {
    return store::in_read(*db_, [&](store::Tx& tx) { return tx.run(sql).one().integer(0); });
  }
  static std::string token_in(const std::string& body, const std::string& path) {
    std::smatch m;
    EXPECT_TRUE(std::regex_search(body, m, std::regex(path + "([A-Za-z0-9_-]+)"))) << body;
    return m.size() > 1 ? m[1].str() : "";
  }
  // Registers, confirms and signs in; returns the actor the session stands for.
  Actor person(const std::string& email) {
    svc_->register_person({email, "Ann Smith", "walrus kettle lantern", "sm1 1ea"}, "203.0.113.9");
    svc_->confirm_email(token_in(last_mail(email).second, "/account/confirm/"));
    auto s = svc_->sign_in({email, "walrus kettle lantern", "203.0.113.9", "test"});
    auto grants = store::in_read(*db_, [&](store::Tx& tx) { return user_grants(tx, s.user_id); });
    return Actor{s.user_id, "Ann Smith", email, token_hash(s.cookie_value), grants};
  }

  store::testing::TempSqlite sqlite_;
  std::unique_ptr<store::Db> db_;
  const html::Views& views_ = html::shared_views();
  FixedClock clock_{1'790'000'000'000'000};
  std::unique_ptr<AccountService> svc_;
};

}  // namespace cw::accounts::test_support
