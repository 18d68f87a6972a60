// The register's public side (register.h): the SQL other modules need on the register's tables lives
// here, so theirs never names them.
#include "modules/assets/register.h"

#include "common/section_registry.h"
#include "modules/assets/search_entry.h"
#include "modules/assets/store.h"

namespace cw::assets {

namespace {

SectionRegistry<AssetSection>& sections() {
  static SectionRegistry<AssetSection> registry;
  return registry;
}

}  // namespace

std::optional<AssetRef> find_asset_ref(store::Tx& tx, std::int64_t id) {
  auto r =
      tx.run("SELECT id, locality_id, name, address FROM assets WHERE id = $1 AND status <> 'removed'", id);
  if (r.empty()) return std::nullopt;
  return AssetRef{r.rows[0].integer(0), r.rows[0].integer(1), r.rows[0].text(2), r.rows[0].text(3)};
}

void note_asset_change(store::Tx& tx, const AssetRef& asset, const std::string& change,
                       const std::string& summary, std::optional<std::int64_t> user_id, Micros now) {
  tx.run(
      "INSERT INTO asset_changes (locality_id, asset_id, change, summary, user_id, at) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      asset.locality_id, asset.id, change, summary, user_id, now);
}

void hand_to_steward(store::Tx& tx, std::int64_t asset_id, const std::string& steward,
                     const std::string& change, const std::string& summary,
                     std::optional<std::int64_t> user_id, Micros now) {
  auto a = find_asset(tx, asset_id);
  if (!a || a->status == "removed") return;
  set_asset_steward(tx, a->id, steward, now);
  insert_change(tx, *a, change, summary, user_id, now);
  sync_search_entry(tx, a->id);
}

void register_asset_section(AssetSection section) {
  sections().add(std::move(section));
}

RenderedAssetSections render_asset_sections(store::Tx& tx, const AssetSectionContext& asset) {
  RenderedAssetSections out;
  for (const auto& s : *sections().snapshot()) {
    if (s.render)
      if (auto html = s.render(tx, asset); !html.empty()) out.html.push_back(std::move(html));
    if (s.actions)
      for (auto& link : s.actions(tx, asset)) out.actions.push_back(std::move(link));
  }
  return out;
}

}  // namespace cw::assets
