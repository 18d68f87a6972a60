// Every role against every action, as a table: the one place the permission rules are written down
// twice, so a change to `can` has to be a change here too.
#include "modules/accounts/permissions.h"

#include <gtest/gtest.h>

#include <map>

namespace cw::accounts {
namespace {

constexpr std::int64_t kHere = 1, kElsewhere = 2, kOurOrg = 10;

Actor holding(const char* role, std::optional<std::int64_t> locality, std::optional<std::int64_t> org = {}) {
  return Actor{.user_id = 7,
               .display_name = "A",
               .email = "a@example.org",
               .session_key = "s",
               .grants = {{role, locality, org}}};
}

const Action kActions[] = {Action::read_public,        Action::act_as_resident, Action::flag_content,
                           Action::moderate_content,   Action::curate_assets,   Action::edit_organisation,
                           Action::respond_as_council, Action::manage_roles,    Action::read_audit_log,
                           Action::configure_locality, Action::manage_platform};

// Expected answers for a target in kHere belonging to kOurOrg. Columns follow kActions.
const std::map<std::string, std::vector<int>> kTable = {
    //                     read act flag mod cur org resp roles audit conf plat
    {"anonymous", {1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}},
    {"resident", {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}},
    {"organisation_admin", {1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0}},
    {"council_officer", {1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0}},
    {"moderator", {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0}},
    {"locality_admin", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {"platform_admin", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
};

TEST(Permissions, every_role_and_action_matches_the_table_in_its_own_locality) {
  for (const auto& [role, expected] : kTable) {
    std::optional<Actor> actor;
    if (role == "organisation_admin")
      actor = holding(role.c_str(), std::nullopt, kOurOrg);
    else if (role == "platform_admin")
      actor = holding(role.c_str(), std::nullopt);
    else if (role != "anonymous")
      actor = holding(role.c_str(), kHere);
    for (std::size_t i = 0; i < std::size(kActions); ++i)
      EXPECT_EQ(
          can(actor ? &*actor : nullptr, kActions[i], {.locality_id = kHere, .organisation_id = kOurOrg}),
          expected[i] == 1)
          << role << " / " << action_name(kActions[i]);
  }
}

TEST(Permissions, a_role_held_in_one_locality_gives_nothing_in_another) {
  for (const char* role : {"council_officer", "moderator", "locality_admin"}) {
    auto a = holding(role, kHere);
    for (auto action : {Action::moderate_content, Action::curate_assets, Action::respond_as_council,
                        Action::manage_roles, Action::read_audit_log, Action::configure_locality})
      EXPECT_FALSE(can(&a, action, {.locality_id = kElsewhere})) << role << " / " << action_name(action);
  }
  auto org = holding("organisation_admin", std::nullopt, kOurOrg);
  EXPECT_FALSE(can(&org, Action::edit_organisation, {.locality_id = kHere, .organisation_id = 11}));
}

TEST(Permissions, nobody_grants_a_role_above_their_own_or_outside_their_locality) {
  auto local = holding("locality_admin", kHere);
  EXPECT_TRUE(can_grant(&local, role::moderator, kHere));
  EXPECT_TRUE(can_grant(&local, role::locality_admin, kHere));
  EXPECT_FALSE(can_grant(&local, role::moderator, kElsewhere));
  EXPECT_FALSE(can_grant(&local, role::platform_admin, std::nullopt));
  EXPECT_FALSE(can_grant(&local, "emperor", kHere));
  auto officer = holding("council_officer", kHere);
  EXPECT_FALSE(can_grant(&officer, role::resident, kHere));
  auto platform = holding("platform_admin", std::nullopt);
  EXPECT_TRUE(can_grant(&platform, role::platform_admin, std::nullopt));
  EXPECT_TRUE(can_grant(&platform, role::council_officer, kElsewhere));
  EXPECT_FALSE(can_grant(nullptr, role::resident, kHere));
}

}  // namespace
}  // namespace cw::accounts
