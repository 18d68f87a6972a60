// The transparency page: the audit log's head, published once a day by a job, on a public page, in an
// Atom feed and as JSON, matching the log's newest entry at the time.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "site_fixture.h"

namespace cw::testing {
namespace {

class TransparencyTest : public SiteTest {
 protected:
  std::pair<std::int64_t, std::string> head() {
    return store::in_read(db(), [](store::Tx& tx) {
      auto r = tx.run("SELECT seq, hash FROM audit_head WHERE id = 1").one();
      return std::make_pair(r.integer(0), r.text(1));
    });
  }
};

TEST_P(TransparencyTest, the_days_chain_head_is_published_on_the_page_the_feed_and_the_api) {
  ASSERT_EQ(get("/transparency").status, 200);

  server_->runtime().jobs().run_all_once();
  server_->runtime().jobs().run_all_once();  // the same day: still one anchor
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_anchors WHERE seq >= $1", std::int64_t{0}), 1);
  auto [seq, hash] = head();

  server_->clock().advance(3'000'000);  // past the page cache
  auto page = get("/transparency");
  EXPECT_TRUE(contains(page.body, hash)) << page.body.substr(0, 3000);
  EXPECT_TRUE(contains(get("/").body, "href=\"/transparency\"")) << "linked from every page's footer";

  auto feed = get("/transparency/anchors.atom");
  EXPECT_EQ(feed.status, 200);
  EXPECT_TRUE(contains(feed.header("content-type"), "application/atom+xml"));
  EXPECT_TRUE(contains(feed.body, "has the hash " + hash));

  auto api = get("/api/v1/audit/anchors");
  ASSERT_EQ(api.status, 200);
  auto anchors = nlohmann::json::parse(api.body).at("anchors");
  ASSERT_EQ(anchors.size(), 1u);
  EXPECT_EQ(anchors[0].at("seq"), seq);
  EXPECT_EQ(anchors[0].at("hash"), hash);
}

INSTANTIATE_TEST_SUITE_P(Engines, TransparencyTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
