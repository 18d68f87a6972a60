// What other modules may do with people's accounts without touching the accounts store: find where to
// tell someone something, and block or unblock an author (moderation). Public header. Each call runs in
// the caller's transaction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

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

}  // namespace cw::accounts
