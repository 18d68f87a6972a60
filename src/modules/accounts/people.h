// What other modules may do with people's accounts without touching the accounts store: find where to
// tell someone something, block or unblock an author (moderation), and find where someone may act. Public
// header. Each call runs in the caller's transaction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/actor.h"
#include "modules/accounts/permissions.h"
#include "modules/places/overview.h"
#include "store/db.h"

namespace cw::accounts {

struct Contact {
  std::string email;
  std::string display_name;
};
// An active account's address and name; nullopt for unknown, blocked or deleted accounts.
std::optional<Contact> contact_of(store::Tx& tx, std::int64_t user_id);

// A blocked person cannot sign in, and their sessions stop working at once. Returns false when there
// is no such active (or, to unblock, blocked) account.
bool set_blocked(store::Tx& tx, std::int64_t user_id, bool blocked);
// Blocked accounts, newest first, for the platform admin's page: id, name and address.
struct BlockedPerson {
  std::int64_t user_id = 0;
  std::string display_name, email;
};
std::vector<BlockedPerson> blocked_people(store::Tx& tx);

// The localities served where `actor` may do `action` (every one, for a platform admin), by name:
// what an admin or moderator page may show and change.
std::vector<places::LocalityRef> localities_where(store::Tx& tx, const Actor* actor, Action action);
// The same localities' ids, for queries scoped to them.
std::vector<std::int64_t> locality_ids_where(store::Tx& tx, const Actor* actor, Action action);

}  // namespace cw::accounts
