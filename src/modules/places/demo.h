// The demo locality (London Borough of Sutton) shipped in data/demo, and the attribution its data needs.
#pragma once
#include <string>
#include <vector>

#include "store/db.h"

namespace cw::places {

// One locality's geography, as `commonweal import geo` takes it. Paths may be empty except `wards`.
struct GeoImport {
  std::string locality_code;  // the local authority's GSS code; the wards file must agree
  std::string name;           // shown on pages; empty keeps the wards file's lad_name
  std::string wards;          // GeoJSON features with ward_code, ward_name, lad_code, lad_name
  std::string lsoa;           // GeoJSON LSOA boundaries (lsoa_code), needs imd
  std::string imd;            // CSV lsoa_code, lsoa_name, imd_rank, imd_decile (IMD 2019)
  std::string postcodes;      // ONS Postcode Directory CSV (pcds, lat, long, osward, lsoa11, doterm)
  std::string attribution;    // the data's sources and licences, shown in page footers
};

// Imports (or replaces) a locality's wards, LSOAs and postcodes in one transaction: all or nothing.
// Returns a one-line summary. Throws std::runtime_error naming the file and the line or feature of any
// bad input: bad GeoJSON, codes of the wrong kind or not in the other files, duplicate postcodes.
std::string import_geo(store::Db& db, const GeoImport& in);

// Loads (or reloads) the demo locality from `dir` in one transaction. Returns a one-line summary
// ("Loaded Sutton: 20 wards, 121 LSOAs, 3856 postcodes"). Throws std::runtime_error naming the file
// and line of any bad input.
std::string load_demo(store::Db& db, const std::string& dir);

// Lines to show in every page footer for the geography and deprivation data on show.
std::vector<std::string> data_attribution();

}  // namespace cw::places
