// Who is acting: the signed-in person behind a request, with the roles they hold. Plain data shared by
// the web layer (which finds it from the session cookie) and domain code (which asks what they may do).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cw {

// One role held by a person. A role is held in a locality (council officer in Sutton), for one
// organisation (organisation admin of a co-op), or everywhere (platform admin: no locality).
struct RoleGrant {
  std::string role;  // "resident", "organisation_admin", "council_officer", "moderator", "locality_admin",
                     // "platform_admin"
  std::optional<std::int64_t> locality_id;
  std::optional<std::int64_t> organisation_id;
};

struct Actor {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string email;
  std::string session_key;  // identifies the session (not the cookie value): binds CSRF tokens
  std::vector<RoleGrant> grants;
  // When this session last passed the second factor (Unix microseconds), if it has.
  std::optional<std::int64_t> second_factor_at;
  // The person holds roles beyond resident that are left out of `grants` until this session passes the
  // second factor (set up, or a code entered after signing in).
  bool second_factor_due = false;

  // A role beyond resident (officer, moderator, organisation or locality or platform admin): the
  // navigation then offers the officer home, "Your work".
  bool holds_a_role() const {
    for (const auto& g : grants)
      if (g.role != "resident") return true;
    return false;
  }
};

}  // namespace cw
