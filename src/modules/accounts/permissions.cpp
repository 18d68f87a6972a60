#include "modules/accounts/permissions.h"

#include <algorithm>

namespace cw::accounts {

namespace {

bool holds(const Actor& a, std::string_view role, const Target& t) {
  return std::any_of(a.grants.begin(), a.grants.end(), [&](const RoleGrant& g) {
    if (g.role != role) return false;
    if (g.locality_id && (!t.locality_id || *g.locality_id != *t.locality_id)) return false;
    if (g.organisation_id && (!t.organisation_id || *g.organisation_id != *t.organisation_id)) return false;
    return true;
  });
}

// Which roles allow each action (besides platform admin, who may do everything). A role held in a
// locality only counts for targets in that locality: `holds` checks the scope.
std::vector<const char*> roles_for(Action action) {
  switch (action) {
    case Action::moderate_content:
      return {role::moderator, role::locality_admin};
    case Action::curate_assets:
      return {role::council_officer, role::locality_admin};
    case Action::edit_organisation:
      return {role::organisation_admin, role::council_officer, role::locality_admin};
    case Action::respond_as_council:
      return {role::council_officer, role::locality_admin};
    case Action::manage_roles:
    case Action::read_audit_log:
    case Action::configure_locality:
      return {role::locality_admin};
    default:
      return {};
  }
}

}  // namespace

const std::vector<RoleInfo>& all_roles() {
  static const std::vector<RoleInfo> roles{
      {role::resident, "Resident", true, false},
      {role::organisation_admin, "Organisation admin", false, true},
      {role::council_officer, "Council officer", true, false},
      {role::moderator, "Moderator", true, false},
      {role::locality_admin, "Locality admin", true, false},
      {role::platform_admin, "Platform admin", false, false},
  };
  return roles;
}

const RoleInfo* find_role(std::string_view name) {
  for (const auto& r : all_roles())
    if (r.name == name) return &r;
  return nullptr;
}

std::string_view action_name(Action a) {
  switch (a) {
    case Action::read_public:
      return "read_public";
    case Action::act_as_resident:
      return "act_as_resident";
    case Action::flag_content:
      return "flag_content";
    case Action::moderate_content:
      return "moderate_content";
    case Action::curate_assets:
      return "curate_assets";
    case Action::edit_organisation:
      return "edit_organisation";
    case Action::respond_as_council:
      return "respond_as_council";
    case Action::manage_roles:
      return "manage_roles";
    case Action::read_audit_log:
      return "read_audit_log";
    case Action::configure_locality:
      return "configure_locality";
    case Action::manage_platform:
      return "manage_platform";
  }
  return "unknown";
}

bool can(const Actor* actor, Action action, const Target& target) {
  if (action == Action::read_public || action == Action::flag_content) return true;
  if (!actor) return false;
  if (action == Action::act_as_resident) return true;
  if (holds(*actor, role::platform_admin, {})) return true;
  if (action == Action::manage_platform) return false;
  for (const char* r : roles_for(action))
    if (holds(*actor, r, target)) return true;
  return false;
}

bool can_grant(const Actor* actor, std::string_view role, std::optional<std::int64_t> locality_id) {
  if (!actor || !find_role(role)) return false;
  if (holds(*actor, role::platform_admin, {})) return true;
  if (role == role::platform_admin || !locality_id) return false;
  return holds(*actor, role::locality_admin, {.locality_id = locality_id});
}

}  // namespace cw::accounts
