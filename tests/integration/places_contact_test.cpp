// "Who to contact" on a ward page: the demo's council details, changed by the locality admin only, with
// every problem of the form named at once.
#include <gtest/gtest.h>

#include "site_fixture.h"

namespace cw::testing {
namespace {

class PlacesContactTest : public SiteTest {};

constexpr const char* kWard = "/places/E09000029/wards/E05013754";

TEST_P(PlacesContactTest, a_ward_page_says_who_to_contact_and_the_locality_admin_changes_it) {
  auto page = get(kWard);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Who to contact"));
  EXPECT_TRUE(contains(page.body, "href=\"https://www.sutton.gov.uk\""));
  EXPECT_TRUE(contains(page.body, "href=\"tel:02087705000\""));
  EXPECT_FALSE(contains(page.body, "Change how residents contact the council")) << "only for its admins";

  auto resident = session_for(person("ann@example.org"));
  EXPECT_EQ(get("/places/E09000029/contact", resident).status, 403);
  auto admin = staff_session(accounts::role::locality_admin, "chief@sutton.example", "Chief");
  EXPECT_TRUE(contains(get(kWard, admin).body, "Change how residents contact the council"));
  auto bad = post("/places/E09000029/contact",
                  {{"csrf_token", token_from("/places/E09000029/contact", admin)},
                   {"website", "javascript:alert(1)"},
                   {"phone", "call us"},
                   {"email", "not an address"},
                   {"address", ""}},
                  admin);
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "Enter the website as a full address"));
  EXPECT_TRUE(contains(bad.body, "Enter a phone number"));
  EXPECT_TRUE(contains(bad.body, "Enter an email address in the correct format"));
  EXPECT_TRUE(contains(bad.body, "value=\"call us\"")) << "what was typed comes back";
  EXPECT_TRUE(contains(get(kWard).body, "href=\"tel:02087705000\"")) << "nothing was saved";

  auto saved = post("/places/E09000029/contact",
                    {{"csrf_token", token_from("/places/E09000029/contact", admin)},
                     {"website", "https://www.sutton.gov.uk/contact"},
                     {"phone", "020 8770 6000"},
                     {"email", "Contact@Sutton.gov.uk"},
                     {"address", ""}},
                    admin);
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 300);
  auto after = get(kWard);
  EXPECT_TRUE(contains(after.body, "href=\"tel:02087706000\""));
  EXPECT_TRUE(contains(after.body, "mailto:contact@sutton.gov.uk"));
  EXPECT_FALSE(contains(after.body, "Civic Offices")) << "a cleared field is no longer shown";
  EXPECT_TRUE(contains(get("/admin/audit", admin).body, "locality.contact"));
}

INSTANTIATE_TEST_SUITE_P(Engines, PlacesContactTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
