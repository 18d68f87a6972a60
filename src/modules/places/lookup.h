// Where a postcode or a point is: its locality, ward, neighbourhood (LSOA) and that neighbourhood's
// deprivation. Public header: other modules (petitions counting signatures by ward, alerts by postcode,
// assets placed on a map) call this rather than the places store. Runs in the caller's transaction;
// thread-safe.
#pragma once
#include <optional>
#include <string>
#include <string_view>

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

// A postcode a person typed into a list's or a search's filter, looked up: `place` when it is a real
// postcode in `within_locality_code` (empty: any locality served), else `problem` says what to do, as
// the GOV.UK error summary shows it. `postcode` is the normal form when it could be read.
// What to tell someone whose postcode (normal form) is not among `locality_name`'s. The lookup holds
// only the postcodes of the areas served, so a postcode in a district the area has (SM5) is most likely
// real but missing from it: "We could not find SM5 3DA. Check the postcode". One in a district the area
// does not have (SW1A) is elsewhere: "SW1A 1AA is not in Sutton".
std::string postcode_not_found_problem(store::Tx& tx, const std::string& postcode,
                                       const std::string& locality_name);

struct TypedPostcode {
  std::string postcode;
  std::optional<Place> place;
  std::string problem;
};
TypedPostcode find_typed_postcode(store::Tx& tx, std::string_view typed,
                                  const std::string& within_locality_code,
                                  const std::string& within_locality_name);

// The ward and LSOA whose boundaries contain the point (lon/lat, WGS84), by point-in-polygon over an
// R-tree of every boundary loaded. The index is built on first use and rebuilt when the boundaries
// change (an import). nullopt when no ward of any locality served contains the point.
std::optional<Place> find_point(store::Tx& tx, double lon, double lat);

}  // namespace cw::places
