#include "modules/places/overview.h"

#include "modules/places/store.h"

namespace cw::places {

std::optional<LocalityOverview> first_locality(store::Tx& tx) {
  auto all = list_localities(tx);
  if (all.empty()) return std::nullopt;
  return LocalityOverview{all.front().code, all.front().name, count_wards(tx, all.front().id)};
}

}  // namespace cw::places

namespace cw::places {

std::vector<LocalityRef> locality_refs(store::Tx& tx) {
  std::vector<LocalityRef> out;
  for (const auto& l : list_localities(tx)) out.push_back({l.id, l.code, l.name});
  return out;
}

std::optional<LocalityRef> find_locality_ref(store::Tx& tx, std::int64_t id) {
  for (const auto& l : list_localities(tx))  // an install serves a handful of localities
    if (l.id == id) return LocalityRef{l.id, l.code, l.name};
  return std::nullopt;
}

std::vector<WardRef> ward_refs(store::Tx& tx, std::int64_t locality_id) {
  std::vector<WardRef> out;
  for (auto& [code, name] : list_ward_names(tx, locality_id))
    out.push_back({std::move(code), std::move(name)});
  return out;
}

std::vector<WardShape> ward_shapes(store::Tx& tx, std::int64_t locality_id) {
  std::vector<WardShape> out;
  for (const auto& w : list_ward_rows(tx, locality_id))
    out.push_back(
        {w.code, w.name, w.geometry, w.bbox.min_lon, w.bbox.min_lat, w.bbox.max_lon, w.bbox.max_lat});
  return out;
}

}  // namespace cw::places
