// Who may do what: the one permission function every module asks, `can(actor, action, object)`. Roles
// are held per locality (or per organisation), so a council officer in one council has no say in
// another. Public header: other modules include it. Pure; safe from any thread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/actor.h"

namespace cw::accounts {

namespace role {
inline constexpr const char* resident = "resident";
inline constexpr const char* organisation_admin = "organisation_admin";
inline constexpr const char* council_officer = "council_officer";
inline constexpr const char* moderator = "moderator";
inline constexpr const char* locality_admin = "locality_admin";
inline constexpr const char* platform_admin = "platform_admin";
}  // namespace role

// Every role, most powerful last, with the words shown on pages.
struct RoleInfo {
  const char* name;
  const char* label;
  bool per_locality;      // granted in one locality
  bool per_organisation;  // granted for one organisation
};
const std::vector<RoleInfo>& all_roles();
const RoleInfo* find_role(std::string_view name);

enum class Action {
  read_public,         // anything published: anyone, signed in or not
  act_as_resident,     // sign, comment, suggest, rate: any signed-in person
  flag_content,        // report something for moderation: anyone
  moderate_content,    // hide, restore, reject; warn or block authors
  curate_assets,       // edit any asset of a locality
  edit_organisation,   // edit an organisation's own assets and details
  respond_as_council,  // publish the council's response to a petition, run consultations
  manage_roles,        // invite people and grant or remove roles
  read_audit_log,
  configure_locality,  // a locality's settings: petition thresholds, Right to Bid periods
  manage_platform,     // localities, imports, settings
};
std::string_view action_name(Action a);

// What an action is done to: where it lives and who owns it. Empty fields mean "not scoped".
struct Target {
  std::optional<std::int64_t> locality_id;
  std::optional<std::int64_t> organisation_id;
};

// REQUIRES nothing: a null actor is an anonymous reader.
bool can(const Actor* actor, Action action, const Target& target = {});

// May `actor` grant (or remove) `role` in `locality_id`? Nobody may grant a role above their own:
// locality admins grant up to locality admin in their locality; platform admins grant anything.
bool can_grant(const Actor* actor, std::string_view role, std::optional<std::int64_t> locality_id);

}  // namespace cw::accounts
