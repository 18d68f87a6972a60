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

}  // namespace cw::places
