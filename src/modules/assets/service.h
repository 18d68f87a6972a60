// The asset register's commands: add, edit, remove and photograph assets, and residents' suggestions
// that officers accept or decline. Each runs in one write transaction with its permission check, its
// change-log row and its audit entry, so a refused or failed command changes nothing.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "common/actor.h"
#include "common/clock.h"
#include "modules/assets/rules.h"
#include "modules/assets/store.h"
#include "store/db.h"

namespace cw::html {
class Views;
}  // namespace cw::html

namespace cw::assets {

// Who is acting and from where, for permissions and the audit log; the views and the site's address
// for the mail a command sends (a resident told of their suggestion's outcome). Without views, no mail.
struct Acting {
  const Actor* actor = nullptr;
  std::string ip;
  Micros now = 0;
  const html::Views* views = nullptr;
  std::string base_url;
};

// May the actor change this asset? Officers of its locality may; so may its organisation's admins.
bool can_edit(const Actor* actor, const Asset& asset);
// May the actor add assets in this locality (as an officer or for an organisation they run)?
bool can_add(const Actor* actor, std::int64_t locality_id);

// Turns a valid draft into an asset of `locality_id`, placing it: a hard asset at its point or its
// postcode's centre (its ward found from the boundaries), a soft asset in its wards. Throws
// web::FormInvalid naming the field when the place is unknown or outside the locality.
Asset place_draft(store::Tx& tx, std::int64_t locality_id, const AssetDraft& draft);

// Throw web::FormInvalid (422, or 403 when not allowed) and write nothing when refused.
std::int64_t add_asset(store::Db& db, const Acting& who, std::int64_t locality_id, const AssetDraft& draft);
void edit_asset(store::Db& db, const Acting& who, std::int64_t asset_id, const AssetDraft& draft);
// Takes it off the register (kept as 'removed' so links and the change log still make sense).
void remove_asset(store::Db& db, const Acting& who, std::int64_t asset_id);

struct NewPhoto {
  std::string content_type;  // image/jpeg or image/png, already re-encoded
  std::string bytes;
  int width = 0, height = 0;
  std::string alt_text;
};
std::int64_t add_photo(store::Db& db, const Acting& who, std::int64_t asset_id, const NewPhoto& photo);
void remove_photo(store::Db& db, const Acting& who, std::int64_t asset_id, std::int64_t photo_id);

// A signed-in resident suggests a new asset (asset_id empty) or a correction to one. The draft is
// checked as for an officer, so what reaches the officer is complete.
std::int64_t suggest(store::Db& db, const Acting& who, std::int64_t locality_id,
                     std::optional<std::int64_t> asset_id, const AssetDraft& draft, const std::string& note);
// An officer accepts (applying the suggestion, returning the asset's id) or declines it.
std::int64_t accept_suggestion(store::Db& db, const Acting& who, std::int64_t suggestion_id);
void decline_suggestion(store::Db& db, const Acting& who, std::int64_t suggestion_id,
                        const std::string& reason);

// The draft an existing asset would submit unchanged: fills the edit form.
AssetDraft draft_of(const Asset& a);
// A suggestion's proposed values.
AssetDraft draft_from_json(const std::string& json);
std::string draft_to_json(const AssetDraft& d);

}  // namespace cw::assets
