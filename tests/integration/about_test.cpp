// The footer's pages: the privacy notice names the controller and the lawful bases the operator set,
// and the accessibility statement, cookies and contact pages exist and are linked from every page.
#include <gtest/gtest.h>

#include "site_fixture.h"

namespace cw::testing {
namespace {

class AboutTest : public SiteTest {};

TEST_P(AboutTest, every_page_links_the_four_footer_pages) {
  auto home = get("/");
  for (const char* href : {"/privacy", "/cookies", "/accessibility", "/contact"}) {
    EXPECT_TRUE(contains(home.body, std::string("href=\"") + href + "\"")) << href;
    EXPECT_EQ(get(href).status, 200) << href;
  }
}

TEST_P(AboutTest, the_privacy_notice_states_the_settings_or_says_plainly_what_is_missing) {
  auto plain = get("/privacy");
  EXPECT_TRUE(contains(plain.body, "The organisation running this site runs this site"));
  EXPECT_TRUE(contains(plain.body, "Consent (article 6(1)(a))")) << "the default basis for alerts";
  EXPECT_TRUE(contains(plain.body, "ico.org.uk/make-a-complaint"));

  auto& c = server_->runtime().site().controller;
  c.name = "London Borough of Sutton";
  c.email = "data.protection@sutton.example";
  c.dpo_email = "dpo@sutton.example";
  c.lawful_bases["alerts"] = "Public task, under the council's engagement duty";
  // Settings change nothing in the database, so the page kept for anonymous readers stands until it
  // expires; a running server shows them within two seconds.
  server_->clock().advance(3'000'000);
  auto set = get("/privacy");
  EXPECT_TRUE(contains(set.body, "London Borough of Sutton runs this site and is the data controller"));
  EXPECT_TRUE(contains(set.body, "mailto:data.protection@sutton.example"));
  EXPECT_TRUE(contains(set.body, "mailto:dpo@sutton.example"));
  EXPECT_TRUE(contains(set.body, "Public task, under the council&#39;s engagement duty") ||
              contains(set.body, "Public task, under the council's engagement duty"));
  EXPECT_FALSE(contains(set.body, "Consent (article 6(1)(a))")) << "the setting replaces the default";
  EXPECT_TRUE(contains(get("/contact").body, "mailto:data.protection@sutton.example"));
  EXPECT_TRUE(contains(get("/accessibility").body, "London Borough of Sutton wants as many people"));
}

INSTANTIATE_TEST_SUITE_P(Engines, AboutTest, ::testing::Values(EngineUnderTest::sqlite),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
