// Where a postcode or a point is: its locality, ward, neighbourhood (LSOA) and that neighbourhood's
// deprivation. Public header: other modules (petitions counting signatures by ward, alerts by postcode,
// assets placed on a map) call this rather than the places store. Runs in the caller's transaction;
// thread-safe.
#pragma once
#include <optional>
#include <string>

#include "store/db.h"

namespace cw::places {

struct Place {
  std::string postcode;  // normal form, "SM1 1AA"; empty when found from a point
  double lat = 0, lon = 0;
  std::string locality_code, locality_name;
  std::optional<std::string> ward_code, ward_name;
  std::optional<std::string> lsoa_code, lsoa_name;
  std::optional<int> imd_rank, imd_decile;  // IMD 2019, of the LSOA
};

// REQUIRES: `postcode` in normal form (normalise_postcode). nullopt when no locality served has it.
std::optional<Place> find_postcode(store::Tx& tx, const std::string& postcode);

// The ward and LSOA whose boundaries contain the point (lon/lat, WGS84), by point-in-polygon over an
// R-tree of every boundary loaded. The index is built on first use and rebuilt when the boundaries
// change (an import). nullopt when no ward of any locality served contains the point.
std::optional<Place> find_point(store::Tx& tx, double lon, double lat);

}  // namespace cw::places
