#include "modules/places/overview.h"

#include "modules/places/store.h"

namespace cw::places {

std::optional<LocalityOverview> first_locality(store::Tx& tx) {
  auto all = list_localities(tx);
  if (all.empty()) return std::nullopt;
  return LocalityOverview{all.front().code, all.front().name, count_wards(tx, all.front().id)};
}

}  // namespace cw::places
