// The officer home (/manage): each module's queues with their counts, only for people with a role, and
// only the queues that are theirs; the navigation offers it to them alone.
#include <gtest/gtest.h>

#include "site_fixture.h"

namespace cw::testing {
namespace {

class ManageTest : public SiteTest {
 protected:
  // A Right to Bid nomination waiting for the council in the demo locality.
  void nominate_something() {
    auto sutton = demo_locality();
    store::in_write(db(), [&](store::Tx& tx) {
      tx.run(
          "INSERT INTO community_value_cases (locality_id, asset_name, address, description, boundaries, "
          "owners, reasons, body_name, body_type, eligibility, received_on, created_at, updated_at) VALUES "
          "($1, 'The Red Lion', '1 High St', 'A pub', 'The building', 'Brewery', 'Meeting place', 'Friends', "
          "'parish_council', 'Parish', '2026-11-20', 1, 1)",
          sutton);
    });
  }
};

TEST_P(ManageTest, an_officer_sees_their_queues_with_counts_and_the_link_in_the_navigation) {
  nominate_something();
  auto officer = officer_session();
  auto page = get("/manage", officer);
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 300);
  EXPECT_TRUE(contains(page.body, "Right to Bid decisions due"));
  EXPECT_TRUE(contains(page.body, "1 waiting"));
  EXPECT_TRUE(contains(page.body, "Asset transfers in progress"));
  EXPECT_TRUE(contains(page.body, "Consultations closing within a week"));
  EXPECT_FALSE(contains(page.body, "Reports to moderate")) << "an officer is not a moderator";
  EXPECT_TRUE(contains(get("/petitions", officer).body, "href=\"/manage\""));
}

TEST_P(ManageTest, a_moderator_sees_the_moderation_queues_only) {
  auto moderator = staff_session(accounts::role::moderator, "mod@sutton.example", "Mo Moderator");
  auto page = get("/manage", moderator);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Petitions to check"));
  EXPECT_TRUE(contains(page.body, "Reports to moderate"));
  EXPECT_FALSE(contains(page.body, "Right to Bid decisions due"));
  EXPECT_TRUE(contains(page.body, "Nothing is waiting for you"));
}

TEST_P(ManageTest, residents_are_told_it_is_not_for_them_and_strangers_sign_in_first) {
  auto resident = session_for(person("ann@example.org"));
  auto page = get("/manage", resident);
  EXPECT_EQ(page.status, 403);
  EXPECT_TRUE(contains(page.body, "an administrator of your area can give you one"));
  EXPECT_FALSE(contains(get("/petitions", resident).body, "href=\"/manage\""));
  auto anonymous = get("/manage");
  EXPECT_EQ(anonymous.status, 303);
}

INSTANTIATE_TEST_SUITE_P(Engines, ManageTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
