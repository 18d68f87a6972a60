// Mail cannot be turned on a stranger: suppressed addresses get only account-critical mail, one address
// gets at most kDailyCapPerAddress mails a day, repeatable notices go once a day, and every skip is
// recorded; once sent a mail keeps no body, every notice carries a working "stop these emails" link,
// and finished mail is pruned after the retention period. On both engines.
#include <gtest/gtest.h>

#include <cstdlib>

#include "modules/mail/delivery.h"
#include "modules/mail/module.h"
#include "modules/mail/outbox.h"
#include "modules/mail/store.h"
#include "modules/module.h"
#include "store/migrate.h"
#include "store/tests/fixture.h"

namespace cw::mail {
namespace {

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);
constexpr Micros kStart = 1'700'000'000'000'000;

class Recorder final : public Transport {
 public:
  Recorder() : Transport({"commonweal", "noreply@example.org"}) {}
  void send(const Envelope& e) override { sent.push_back(e); }
  std::vector<Envelope> sent;
};

class MailSafety : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store::migrate(*db_, modules::module_migrations("mail", db_->engine()));
  }
  MailMessage notice(const std::string& to, const std::string& kind = "test.notice") {
    return {.to = to, .subject = "A notice", .text = "Words", .html = "<p>Words</p></body>", .kind = kind};
  }
  OutboxRow enqueue(const MailMessage& m, Micros at = kStart) {
    auto id = store::in_write(*db_, [&](store::Tx& tx) { return enqueue_mail(tx, m, at); });
    return *store::in_read(*db_, [&](store::Tx& tx) { return find_outbox(tx, id); });
  }
  FixedClock clock_{kStart};
};

TEST_P(MailSafety, a_suppressed_address_gets_only_account_critical_mail_and_the_skip_is_recorded) {
  store::in_write(*db_, [&](store::Tx& tx) { suppress_address(tx, "Ann@Example.org", "bounced", kStart); });
  auto skipped = enqueue(notice("ann@example.ORG"));
  EXPECT_EQ(skipped.status, "skipped");
  EXPECT_EQ(skipped.skip_reason, "suppressed");
  EXPECT_EQ(skipped.message.text, "") << "no body is kept for mail never sent";
  auto reset = notice("ann@example.org", "account.reset");
  reset.account_critical = true;
  EXPECT_EQ(enqueue(reset).status, "pending");
  // The same through the statement petitions use in a group commit.
  auto id = store::in_write(*db_, [&](store::Tx& tx) {
    return tx.exec(enqueue_mail_statement(notice("ann@example.org"), kStart)).one().integer(0);
  });
  EXPECT_EQ(store::in_read(*db_, [&](store::Tx& tx) { return find_outbox(tx, id); })->status, "skipped");
}

TEST_P(MailSafety, one_address_gets_at_most_the_daily_cap_and_more_again_a_day_later) {
  for (int i = 0; i < kDailyCapPerAddress; ++i)
    EXPECT_EQ(enqueue(notice("bob@example.org"), kStart + i).status, "pending");
  auto over = enqueue(notice("BOB@example.org"), kStart + 100);
  EXPECT_EQ(over.status, "skipped");
  EXPECT_EQ(over.skip_reason, "daily cap");
  EXPECT_EQ(enqueue(notice("carol@example.org"), kStart + 100).status, "pending")
      << "other addresses unaffected";
  auto sign_in = notice("bob@example.org", "account.reset");
  sign_in.account_critical = true;
  EXPECT_EQ(enqueue(sign_in, kStart + 101).status, "pending") << "account-critical mail is not capped";
  EXPECT_EQ(enqueue(notice("bob@example.org"), kStart + kDay + 1).status, "pending");
}

TEST_P(MailSafety, a_once_a_day_notice_is_skipped_when_one_of_its_kind_went_in_the_last_day) {
  auto again = notice("dan@example.org", "petition.already_signed");
  again.once_a_day = true;
  EXPECT_EQ(enqueue(again).status, "pending");
  auto second = enqueue(again, kStart + 3600LL * 1'000'000);
  EXPECT_EQ(second.status, "skipped");
  EXPECT_EQ(second.skip_reason, "repeat");
  EXPECT_EQ(enqueue(notice("dan@example.org", "other.kind")).status, "pending");
  EXPECT_EQ(enqueue(again, kStart + kDay + 1).status, "pending");
}

TEST_P(MailSafety, sent_mail_keeps_no_body_and_notices_carry_a_stop_link_that_names_the_address) {
  auto id = enqueue(notice("eve@example.org")).id;
  auto critical = notice("eve@example.org", "account.reset");
  critical.account_critical = true;
  enqueue(critical);
  Recorder transport;
  deliver_due(*db_, clock_, transport, 50, "https://cw.example");
  ASSERT_EQ(transport.sent.size(), 2u);
  auto sent = *store::in_read(*db_, [&](store::Tx& tx) { return find_outbox(tx, id); });
  EXPECT_EQ(sent.status, "sent");
  EXPECT_EQ(sent.message.text, "");
  EXPECT_EQ(sent.message.html, "");
  const auto& data = transport.sent[0].data;
  auto at = data.find("https://cw.example/mail/stop/");
  ASSERT_NE(at, std::string::npos) << data;
  EXPECT_EQ(transport.sent[1].data.find("/mail/stop/"), std::string::npos) << "no stop link on account mail";
  auto token = data.substr(at + 29, 32);
  EXPECT_EQ(store::in_read(*db_, [&](store::Tx& tx) { return stop_link_address(tx, token); }),
            "eve@example.org");
  EXPECT_FALSE(store::in_read(*db_, [&](store::Tx& tx) { return stop_link_address(tx, "guess"); }));
}

TEST_P(MailSafety, finished_mail_is_pruned_after_the_retention_period_and_pending_mail_is_kept) {
  auto old_sent = enqueue(notice("fay@example.org")).id;
  Recorder transport;
  deliver_due(*db_, clock_, transport);
  auto pending = enqueue(notice("gus@example.org")).id;
  auto recent = enqueue(notice("hal@example.org"), kStart + 29 * kDay).id;
  clock_.set(kStart + 30 * kDay + 1);
  EXPECT_EQ(prune_mail(*db_, clock_, 30), 1);
  store::in_read(*db_, [&](store::Tx& tx) {
    EXPECT_FALSE(find_outbox(tx, old_sent));
    EXPECT_TRUE(find_outbox(tx, pending));
    EXPECT_TRUE(find_outbox(tx, recent));
  });
}

CW_STORE_ENGINES(MailSafety);

TEST(MailSettings, the_retention_period_is_thirty_days_unless_set_and_a_bad_one_names_the_variable) {
  ::unsetenv("COMMONWEAL_MAIL_RETENTION_DAYS");
  EXPECT_EQ(settings_from_environment().retention_days, 30);
  ::setenv("COMMONWEAL_MAIL_RETENTION_DAYS", "90", 1);
  EXPECT_EQ(settings_from_environment().retention_days, 90);
  for (const char* bad : {"0", "ten", "7x"}) {
    ::setenv("COMMONWEAL_MAIL_RETENTION_DAYS", bad, 1);
    try {
      settings_from_environment();
      ADD_FAILURE() << "accepted " << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("COMMONWEAL_MAIL_RETENTION_DAYS"), std::string::npos);
    }
  }
  ::unsetenv("COMMONWEAL_MAIL_RETENTION_DAYS");
}

}  // namespace
}  // namespace cw::mail
