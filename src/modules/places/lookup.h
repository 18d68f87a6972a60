// Where a postcode is: its locality, ward, neighbourhood (LSOA) and that neighbourhood's deprivation.
// Public header: other modules (petitions counting signatures by ward, alerts by postcode) call this
// rather than the places store. Runs in the caller's transaction.
#pragma once
#include <optional>
#include <string>

#include "store/db.h"

namespace cw::places {

struct PostcodePlace {
  std::string postcode;  // normal form, "SM1 1AA"
  double lat = 0, lon = 0;
  std::string locality_code, locality_name;
  std::optional<std::string> ward_code, ward_name;
  std::optional<std::string> lsoa_code, lsoa_name;
  std::optional<int> imd_rank, imd_decile;  // IMD 2019, of the LSOA
};

// REQUIRES: `postcode` in normal form (normalise_postcode). nullopt when no locality served has it.
std::optional<PostcodePlace> find_postcode(store::Tx& tx, const std::string& postcode);

}  // namespace cw::places
