// Email alerts against both real engines with the demo geography: subscribing mails a single-use
// confirmation link; a confirmed subscriber's digest carries only new matching items, each once; nothing
// is sent when nothing is new; unsubscribing deletes the subscription.
#include <gtest/gtest.h>

#include <regex>

#include "html/views.h"
#include "modules/alerts/service.h"
#include "modules/places/demo.h"
#include "modules/places/overview.h"
#include "modules/search/index.h"
#include "modules/testing.h"
#include "store/tests/pg_harness.h"
#include "web/forms.h"

namespace cw::alerts {
namespace {

using store::Engine;

const std::string kDemo = std::string(CW_SOURCE_DIR) + "/data/demo";
const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);
constexpr Micros kNow = 1'790'000'000'000'000;
const std::string kSuttonCentral = "E05013765", kBeddington = "E05013754";

class Alerts : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = modules::testing::migrated_db(GetParam(), sqlite_, {"places", "mail", "search", "alerts"});
    places::load_demo(*db_, kDemo);
    sutton_ = store::in_read(*db_, [](store::Tx& tx) { return places::locality_refs(tx).front().id; });
  }
  std::int64_t count(const std::string& sql) {
    return store::in_read(*db_, [&](store::Tx& tx) { return tx.run(sql).one().integer(0); });
  }
  // The bodies of the mails of `kind`, oldest first.
  std::vector<std::string> mails(const std::string& kind) {
    return store::in_read(*db_, [&](store::Tx& tx) {
      std::vector<std::string> out;
      for (const auto& r : tx.run("SELECT text_body FROM outbox WHERE kind = $1 ORDER BY id", kind).rows)
        out.push_back(r.text(0));
      return out;
    });
  }
  std::string link_in(const std::string& body, const std::string& path) {
    std::smatch m;
    EXPECT_TRUE(std::regex_search(body, m, std::regex(path + "([A-Za-z0-9_-]+)"))) << body;
    return m.size() > 1 ? m[1].str() : "";
  }
  void publish(const std::string& kind, const std::string& ref, const std::string& title,
               std::vector<std::string> wards, std::vector<std::string> topics, Micros at) {
    store::in_write(*db_, [&](store::Tx& tx) {
      search::index_document(tx, {.kind = kind,
                                  .ref = ref,
                                  .locality_id = sutton_,
                                  .title = title,
                                  .url = "/" + kind + "s/" + ref,
                                  .status = "open",
                                  .status_label = "Open",
                                  .ward_codes = std::move(wards),
                                  .topics = std::move(topics),
                                  .published_at = at});
    });
  }
  std::string subscribe_and_confirm(SubscribeForm f, Micros at) {
    request_subscription(*db_, mailer_, f, at);
    auto token = link_in(mails("alerts.confirm").back(), "/alerts/confirm/");
    EXPECT_TRUE(confirm_subscription(*db_, token, at));
    return token;
  }

  store::testing::TempSqlite sqlite_;
  std::unique_ptr<store::Db> db_;
  const html::Views& views_ = html::shared_views();
  Mailer mailer_{views_, "https://cw.example"};
  std::int64_t sutton_ = 0;
};

TEST_P(Alerts, a_confirmation_link_works_once_and_a_bad_form_says_what_to_fix) {
  request_subscription(*db_, mailer_,
                       {.email = "Ann@Example.org", .postcode = "sm1 1ea", .frequency = "daily"}, kNow);
  ASSERT_EQ(mails("alerts.confirm").size(), 1u);
  auto token = link_in(mails("alerts.confirm")[0], "https://cw.example/alerts/confirm/");
  EXPECT_EQ(count("SELECT count(*) FROM alert_tokens WHERE token_hash = '" + token + "'"), 0);  // only a hash
  auto target = confirmation_target(*db_, token, kNow);
  ASSERT_TRUE(target);
  EXPECT_EQ(target->subscription.email, "ann@example.org");
  EXPECT_EQ(target->subscription.ward_code, kSuttonCentral);
  EXPECT_EQ(target->area, "SM1 1EA (Sutton Central ward)");
  EXPECT_TRUE(confirm_subscription(*db_, token, kNow));
  EXPECT_FALSE(confirm_subscription(*db_, token, kNow));
  EXPECT_FALSE(confirmation_target(*db_, token, kNow));

  try {
    request_subscription(*db_, mailer_,
                         {.email = "ann@example.org", .postcode = "ZZ99 9ZZ", .frequency = "daily"}, kNow);
    FAIL() << "an unknown postcode was taken";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.errors.front().field, "postcode");
  }
  EXPECT_EQ(mails("alerts.confirm").size(), 1u);
}

TEST_P(Alerts, a_digest_carries_only_new_matching_items_once_and_nothing_when_nothing_is_new) {
  subscribe_and_confirm(
      {.email = "ann@example.org", .postcode = "SM1 1EA", .frequency = "daily", .topics = {"transport"}},
      kNow);
  publish("petition", "1", "Before confirming", {}, {"transport"}, kNow - 10);
  publish("petition", "2", "Bus lane on the high street", {kSuttonCentral}, {"transport"}, kNow + 100);
  publish("consultation", "3", "Buses for the whole borough", {}, {"transport"}, kNow + 200);
  publish("petition", "4", "Beddington bus stop", {kBeddington}, {"transport"}, kNow + 300);
  publish("petition", "5", "New housing estate", {kSuttonCentral}, {"housing"}, kNow + 400);
  publish("asset", "6", "Bus garage", {kSuttonCentral}, {"transport"}, kNow + 500);

  EXPECT_EQ(send_due_digests(*db_, mailer_, kNow + kDay - 1), 0);  // not yet a day
  EXPECT_EQ(send_due_digests(*db_, mailer_, kNow + kDay), 1);
  auto digests = mails("alerts.digest");
  ASSERT_EQ(digests.size(), 1u);
  const auto& body = digests[0];
  EXPECT_NE(body.find("Bus lane on the high street"), std::string::npos);
  EXPECT_NE(body.find("Buses for the whole borough"), std::string::npos);
  for (const char* absent : {"Before confirming", "Beddington bus stop", "New housing estate", "Bus garage"})
    EXPECT_EQ(body.find(absent), std::string::npos) << absent;
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE kind = 'alerts.digest' AND list_unsubscribe LIKE "
                  "'https://cw.example/alerts/unsubscribe/%'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM alert_digest_items"), 2);

  // Re-indexing an item already sent (an edit) does not send it again; a day with nothing new sends nothing.
  publish("petition", "2", "Bus lane on the high street (edited)", {kSuttonCentral}, {"transport"},
          kNow + kDay + 5);
  EXPECT_EQ(send_due_digests(*db_, mailer_, kNow + 2 * kDay), 0);
  EXPECT_EQ(send_due_digests(*db_, mailer_, kNow + 3 * kDay), 0);
  EXPECT_EQ(mails("alerts.digest").size(), 1u);

  publish("consultation", "7", "Cycle hire", {kSuttonCentral}, {"transport"}, kNow + 3 * kDay + 1);
  EXPECT_EQ(send_due_digests(*db_, mailer_, kNow + 4 * kDay), 1);
  ASSERT_EQ(mails("alerts.digest").size(), 2u);
  EXPECT_NE(mails("alerts.digest")[1].find("Cycle hire"), std::string::npos);
  EXPECT_EQ(mails("alerts.digest")[1].find("Bus lane"), std::string::npos);
}

TEST_P(Alerts, weekly_subscribers_wait_a_week_and_unsubscribing_deletes_everything) {
  subscribe_and_confirm({.email = "bo@example.org", .ward = kBeddington, .frequency = "weekly"}, kNow);
  publish("petition", "1", "Beddington bus stop", {kBeddington}, {}, kNow + 1);
  EXPECT_EQ(send_due_digests(*db_, mailer_, kNow + 6 * kDay), 0);
  EXPECT_EQ(send_due_digests(*db_, mailer_, kNow + 7 * kDay), 1);
  auto token = link_in(mails("alerts.digest")[0], "https://cw.example/alerts/unsubscribe/");
  auto target = unsubscribe_target(*db_, token, kNow + 7 * kDay);
  ASSERT_TRUE(target);
  EXPECT_EQ(target->area, "Beddington ward");
  EXPECT_TRUE(unsubscribe(*db_, token, kNow + 7 * kDay));
  EXPECT_FALSE(unsubscribe(*db_, token, kNow + 7 * kDay));
  EXPECT_EQ(count("SELECT count(*) FROM alert_subscriptions"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM alert_tokens"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM alert_digests"), 0);
}

TEST_P(Alerts, only_one_server_claims_a_window) {
  subscribe_and_confirm({.email = "di@example.org", .ward = kBeddington, .frequency = "daily"}, kNow);
  store::in_write(*db_, [](store::Tx& tx) {
    auto id = tx.run("SELECT id FROM alert_subscriptions").one().integer(0);
    EXPECT_TRUE(claim_window(tx, id, kNow, kNow + kDay));
    EXPECT_FALSE(claim_window(tx, id, kNow, kNow + kDay));  // what a second server would find
  });
}

TEST_P(Alerts, unconfirmed_requests_are_deleted_after_a_week) {
  request_subscription(*db_, mailer_, {.email = "cy@example.org", .ward = kBeddington, .frequency = "daily"},
                       kNow);
  send_due_digests(*db_, mailer_, kNow + kPendingKept - 1);
  EXPECT_EQ(count("SELECT count(*) FROM alert_subscriptions"), 1);
  send_due_digests(*db_, mailer_, kNow + kPendingKept);
  EXPECT_EQ(count("SELECT count(*) FROM alert_subscriptions"), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, Alerts, ::testing::Values(Engine::sqlite, Engine::postgresql),
                         [](const auto& info) {
                           return info.param == Engine::sqlite ? "sqlite" : "postgresql";
                         });

}  // namespace
}  // namespace cw::alerts
