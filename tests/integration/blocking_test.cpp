// Undoing a block: platform admins see blocked accounts on People and roles and unblock them, which the
// audit log records; nobody else can.
#include <gtest/gtest.h>

#include "modules/accounts/people.h"
#include "site_fixture.h"

namespace cw::testing {
namespace {

class BlockingTest : public SiteTest {};

TEST_P(BlockingTest, a_platform_admin_unblocks_an_account_and_the_audit_log_says_so) {
  auto blocked = person("blocked@example.org", "Bea Blocked");
  store::in_write(db(), [&](store::Tx& tx) { accounts::set_blocked(tx, blocked, true); });
  auto root_id = person("root@example.org", "Root");
  store::in_write(db(), [&](store::Tx& tx) {
    accounts::insert_grant(tx, root_id, {accounts::role::platform_admin, std::nullopt, std::nullopt},
                           std::nullopt, kServerNow);
  });
  auto root = session_for(root_id);
  auto admin = staff_session(accounts::role::locality_admin, "chief@sutton.example", "Chief");
  EXPECT_FALSE(contains(get("/admin/people", admin).body, "Bea Blocked")) << "for platform admins only";
  EXPECT_EQ(post("/admin/people/" + std::to_string(blocked) + "/unblock",
                 {{"csrf_token", token_from("/admin/people", admin)}}, admin)
                .status,
            403);
  auto page = get("/admin/people", root);
  ASSERT_TRUE(contains(page.body, "Blocked accounts"));
  EXPECT_TRUE(contains(page.body, "Bea Blocked"));
  auto unblocked = post("/admin/people/" + std::to_string(blocked) + "/unblock",
                        {{"csrf_token", token_from("/admin/people", root)}}, root);
  ASSERT_EQ(unblocked.status, 303);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE status = 'active' AND id = $1", blocked), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.unblock' AND object_id = $1",
                  std::to_string(blocked)),
            1);
  EXPECT_TRUE(contains(get("/admin/people?done=unblocked", root).body, "Account unblocked"));
}

INSTANTIATE_TEST_SUITE_P(Engines, BlockingTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
