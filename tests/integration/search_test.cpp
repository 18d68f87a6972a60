// Site search and email alerts over real HTTP on SQLite and PostgreSQL, with the demo loaded: the demo's
// libraries are found by a word of their summary, with filters and from a postcode (a bad one says what
// to fix); a resident subscribes to alerts, confirms from the mailed link, the digest job mails a newly
// published petition once, and the one-click unsubscribe link ends it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "modules/search/index.h"
#include "site_fixture.h"

namespace cw::testing {
namespace {

constexpr Micros kDay = 86'400'000'000;
const std::string kBeddington = "E05013754";

class SearchTest : public SiteTest {
 protected:
  std::string last_mail(const std::string& kind, const std::string& column = "text_body") {
    return store::in_read(db(), [&](store::Tx& tx) {
      auto r = tx.run("SELECT " + column + " FROM outbox WHERE kind = $1 ORDER BY id DESC LIMIT 1", kind);
      return r.empty() ? std::string() : r.rows[0].opt_text(0).value_or("");
    });
  }
  std::string path_in(const std::string& text, const std::string& prefix) {
    std::smatch m;
    EXPECT_TRUE(std::regex_search(text, m, std::regex(prefix + "[A-Za-z0-9_-]+"))) << text;
    return m.size() ? m[0].str() : "";
  }
};

TEST_P(SearchTest, a_demo_library_is_found_by_a_word_of_its_summary_and_filters_narrow_it) {
  auto r = get("/search?q=former");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 2000);
  EXPECT_TRUE(contains(r.body, "Beddington Library"));
  EXPECT_TRUE(contains(r.body, "Carshalton Library"));
  EXPECT_TRUE(contains(r.body, "Community asset"));
  auto ward = get("/search?q=former&kind=asset&topic=culture&ward=" + kBeddington);
  ASSERT_EQ(ward.status, 200);
  EXPECT_TRUE(contains(ward.body, "<strong>1 result</strong>")) << ward.body.substr(0, 4000);
  EXPECT_TRUE(contains(ward.body, "Beddington Library"));
  EXPECT_FALSE(contains(ward.body, "Carshalton Library"));

  auto api = get("/api/v1/search?q=former&ward=" + kBeddington);
  ASSERT_EQ(api.status, 200);
  auto json = nlohmann::json::parse(api.body);
  ASSERT_EQ(json["total"], 1);
  EXPECT_EQ(json["results"][0]["kind"], "asset");
  EXPECT_EQ(json["results"][0]["title"], "Beddington Library");
  auto feed = get("/search.atom?q=former");
  EXPECT_EQ(feed.status, 200);
  EXPECT_TRUE(contains(feed.header("content-type"), "application/atom+xml"));
  EXPECT_TRUE(contains(feed.body, "<title>Beddington Library</title>"));
}

TEST_P(SearchTest, from_a_postcode_its_ward_comes_first_and_a_bad_postcode_says_what_to_fix) {
  auto r = get("/search?postcode=sm6%200hy&kind=asset");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.body,
                       "SM6 0HY is in <a class=\"govuk-link\" "
                       "href=\"/places/E09000029/wards/E05013771\">Wallington South ward</a>"))
      << r.body.substr(0, 4000);
  auto first = r.body.find("app-search-result");
  ASSERT_NE(first, std::string::npos);
  EXPECT_TRUE(contains(r.body.substr(first, 400), "Wallington Library"));

  auto bad = get("/search?postcode=XX99&q=hall");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(contains(bad.body, "Enter a real postcode, for example SM1 1EA"));
  EXPECT_TRUE(contains(bad.body, "value=\"XX99\""));
  EXPECT_TRUE(contains(bad.body, "value=\"hall\""));
  auto sort = get("/search?sort=sideways");
  EXPECT_EQ(sort.status, 400);
  EXPECT_TRUE(contains(sort.body, "Select how to sort from the list"));
  EXPECT_EQ(get("/search?sort=closing&kind=consultation").status, 200);
  auto api = get("/api/v1/search?postcode=XX99");
  EXPECT_EQ(api.status, 400);
  EXPECT_EQ(nlohmann::json::parse(api.body)["error"]["field"], "postcode");
}

TEST_P(SearchTest, a_resident_subscribes_confirms_gets_a_digest_once_and_unsubscribes) {
  auto bad =
      post("/alerts", {{"csrf_token", token_from("/alerts")}, {"email", "nope"}, {"postcode", "SM6 0HY"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "Enter an email address in the correct format"));
  EXPECT_TRUE(contains(bad.body, "Select how often you want an email"));
  EXPECT_TRUE(contains(bad.body, "value=\"SM6 0HY\""));

  auto ok = post("/alerts", {{"csrf_token", token_from("/alerts")},
                             {"email", "ann@example.org"},
                             {"postcode", "sm6 0hy"},
                             {"topics", "transport"},
                             {"frequency", "daily"}});
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 3000);
  EXPECT_EQ(ok.header("location"), "/alerts/check-email");
  auto confirm = path_in(last_mail("alerts.confirm"), "/alerts/confirm/");
  auto page = get(confirm);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Wallington South ward"));
  auto done = post(confirm, {{"csrf_token", csrf_in(page.body)}});
  ASSERT_EQ(done.status, 200);
  EXPECT_TRUE(contains(done.body, "Your email alerts are on"));
  EXPECT_EQ(get(confirm).status, 404);  // single use

  // A day has passed since confirming, and a petition about transport in the borough was published.
  store::in_write(db(), [&](store::Tx& tx) {
    tx.run("UPDATE alert_subscriptions SET last_digest_at = $1", kServerNow - 2 * kDay);
    search::index_document(tx, {.kind = "petition",
                                .ref = "9001",
                                .locality_id = demo_locality(),
                                .title = "Safer crossings by Wallington station",
                                .url = "/petitions/9001",
                                .status = "open",
                                .status_label = "Open",
                                .topics = {"transport"},
                                .published_at = kServerNow - kDay});
  });
  server_->runtime().jobs().run_all_once();
  auto digest = last_mail("alerts.digest");
  EXPECT_TRUE(contains(digest, "Safer crossings by Wallington station")) << digest;
  server_->runtime().jobs().run_all_once();
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE kind = $1", "alerts.digest"), 1);

  auto unsubscribe = path_in(digest, "/alerts/unsubscribe/");
  auto ask = get(unsubscribe);
  ASSERT_EQ(ask.status, 200);
  EXPECT_TRUE(contains(ask.body, "Unsubscribe"));
  // What a mail program's one-click button sends (RFC 8058): no page, so no CSRF token.
  auto gone = post(unsubscribe, {{"List-Unsubscribe", "One-Click"}});
  ASSERT_EQ(gone.status, 200);
  EXPECT_TRUE(contains(gone.body, "You have unsubscribed"));
  EXPECT_EQ(count("SELECT count(*) FROM alert_subscriptions WHERE email = $1", "ann@example.org"), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, SearchTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
