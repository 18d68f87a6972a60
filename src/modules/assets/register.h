// The asset register as other modules use it: the Right to Bid and asset transfer today, budgets and
// services later. Find an asset to refer to, note a change in its feed, hand it to a new steward, link
// to it, and add a section to its page. The only header of the register that other modules include.
// Sections are registered while modules are built; everything else runs in the caller's transaction.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/actor.h"
#include "common/clock.h"
#include "html/views.h"
#include "store/db.h"

namespace cw::assets {

// An asset on the register, as another module refers to it.
struct AssetRef {
  std::int64_t id = 0, locality_id = 0;
  std::string name, address;
};

// The asset with this id; nullopt when there is none or it was removed from the register.
std::optional<AssetRef> find_asset_ref(store::Tx& tx, std::int64_t id);

// A line in the register's feed of changes ("listed", "listing_removed", "transferred").
void note_asset_change(store::Tx& tx, const AssetRef& asset, const std::string& change,
                       const std::string& summary, std::optional<std::int64_t> user_id, Micros now);

// `steward` now looks after the asset: its page, its feed of changes (`change`, `summary`) and the site
// search say so. Does nothing when the asset is missing or removed.
void hand_to_steward(store::Tx& tx, std::int64_t asset_id, const std::string& steward,
                     const std::string& change, const std::string& summary,
                     std::optional<std::int64_t> user_id, Micros now);

// "/assets/42"
std::string asset_href(std::int64_t id);

struct AssetSectionContext {
  AssetRef asset;
  bool hard = false;  // a building, land, an open space or a facility: something that can change hands
  const html::Views* views = nullptr;
  const Actor* actor = nullptr;
  Micros now = 0;
};

struct AssetLink {
  std::string text, href;
};

struct AssetSection {
  std::string name;  // "community_value"; a second registration of the same name replaces the first
  int order = 0;     // lower first
  // HTML from the module's own view for the page's main column, or "" (or no function) for nothing.
  // Runs in the page's read transaction.
  std::function<std::string(store::Tx&, const AssetSectionContext&)> render;
  // Links for the page's "What you can do" list (none, or no function, for none). Runs in the page's
  // read transaction, so a link can depend on what the module holds ("See the case" once one is open).
  std::function<std::vector<AssetLink>(store::Tx&, const AssetSectionContext&)> actions;
};

void register_asset_section(AssetSection section);

struct RenderedAssetSections {
  std::vector<std::string> html;
  std::vector<AssetLink> actions;
};
// Every section's HTML and links for the asset, in order.
RenderedAssetSections render_asset_sections(store::Tx& tx, const AssetSectionContext& asset);

}  // namespace cw::assets
