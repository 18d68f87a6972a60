// "Stop these emails" over HTTP: the link's page names the address and asks first (mail scanners follow
// links), its one-click POST needs no cookie or token (RFC 8058), and a made-up link changes nothing.
#include <gtest/gtest.h>

#include "modules/mail/outbox.h"
#include "modules/mail/store.h"
#include "site_fixture.h"

namespace cw::testing {
namespace {

class MailStopTest : public SiteTest {};

TEST_P(MailStopTest, the_link_asks_first_then_stops_mail_to_that_address_only) {
  auto token = store::in_write(
      db(), [](store::Tx& tx) { return mail::stop_token_for(tx, "Reader@Example.org", kServerNow); });
  auto page = http_get(port(), "/mail/stop/" + token);
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 2000);
  EXPECT_TRUE(contains(page.body, "Stop emails to reader@example.org")) << page.body.substr(0, 3000);
  EXPECT_EQ(page.headers.count("set-cookie"), 0u) << "the page sets no cookie";
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM mail_suppressions WHERE address = $1", std::string("reader@example.org")),
      0)
      << "opening the link, as a scanner does, stops nothing";

  // A mail program's one-click POST: no cookie, no token, no Origin.
  auto stopped = http_request(port(), "POST", "/mail/stop/" + token, "List-Unsubscribe=One-Click",
                              "application/x-www-form-urlencoded");
  EXPECT_EQ(stopped.status, 200) << stopped.body.substr(0, 2000);
  EXPECT_TRUE(contains(stopped.body, "You will get no more emails from this site"));
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM mail_suppressions WHERE address = $1", std::string("reader@example.org")),
      1);
  EXPECT_TRUE(
      store::in_read(db(), [](store::Tx& tx) { return mail::is_suppressed(tx, "READER@example.org"); }));
  EXPECT_FALSE(
      store::in_read(db(), [](store::Tx& tx) { return mail::is_suppressed(tx, "other@example.org"); }));

  auto made_up =
      http_request(port(), "POST", "/mail/stop/not-a-real-token", "", "application/x-www-form-urlencoded");
  EXPECT_EQ(made_up.status, 404);
  EXPECT_TRUE(contains(made_up.body, "This link is not valid"));
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM mail_suppressions WHERE address <> $1", std::string("reader@example.org")),
      0);
}

INSTANTIATE_TEST_SUITE_P(Engines, MailStopTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
