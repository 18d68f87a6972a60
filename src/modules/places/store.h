// All SQL of the places module: localities, wards, LSOAs and postcodes. Functions take the caller's
// transaction, so a command composes several of them atomically. Runs unchanged on SQLite and PostgreSQL.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/db.h"

namespace cw::places {

struct Locality {
  std::int64_t id = 0;
  std::string code;  // e.g. E09000029
  std::string name;
  std::string attribution;
};

struct BBox {
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
};

struct WardRow {
  std::string code;
  std::string name;
  std::string geometry;  // GeoJSON geometry text
  BBox bbox;
  std::optional<double> centroid_lat, centroid_lon;
};

struct LsoaRow {
  std::string code;
  std::string name;
  std::optional<int> imd_rank, imd_decile;
  std::optional<std::string> ward_code;
  std::optional<std::string> geometry;
  std::optional<std::int64_t> population;  // usual residents, when the IMD file had a population column
};

struct PostcodeRow {
  std::string postcode;
  double lat = 0, lon = 0;
  std::optional<std::string> ward_code, lsoa_code;
};

// A ward in a list, with how many postcodes and (best-fit) LSOAs it holds.
struct WardSummary {
  std::string code;
  std::string name;
  std::int64_t postcodes = 0;
  std::int64_t lsoas = 0;
};

struct Ward {
  Locality locality;
  WardRow row;
  std::int64_t postcodes = 0;
};

struct Counts {
  std::int64_t wards = 0, lsoas = 0, postcodes = 0;
};

// Reads.
std::vector<Locality> list_localities(store::Tx& tx);
std::optional<Locality> find_locality(store::Tx& tx, const std::string& code);
std::vector<WardSummary> list_wards(store::Tx& tx, std::int64_t locality_id);
// A locality's wards with their boundaries, by name (no counts: cheap enough for every map).
std::vector<WardRow> list_ward_rows(store::Tx& tx, std::int64_t locality_id);
// A locality's ward codes and names, by name.
std::vector<std::pair<std::string, std::string>> list_ward_names(store::Tx& tx, std::int64_t locality_id);
// A ward by locality and code; nullopt when either is unknown.
std::optional<Ward> find_ward(store::Tx& tx, const std::string& locality_code, const std::string& ward_code);
// A ward by its code alone (GSS codes are unique across England); the first locality that has it.
std::optional<Ward> find_ward_by_code(store::Tx& tx, const std::string& ward_code);
// The LSOAs best fitted to a ward, most deprived first.
std::vector<LsoaRow> ward_lsoas(store::Tx& tx, std::int64_t locality_id, const std::string& ward_code);
Counts count_rows(store::Tx& tx, std::int64_t locality_id);
// Just the wards: the home page asks on every request, and counting postcodes too costs ~0.2 ms.
std::int64_t count_wards(store::Tx& tx, std::int64_t locality_id);

// Writes. REQUIRES: a write transaction.
// Inserts the locality or updates its name and attribution; returns its id.
std::int64_t upsert_locality(store::Tx& tx, const Locality& l);
// Deletes the locality's wards, LSOAs and postcodes (not the locality itself).
void clear_locality(store::Tx& tx, std::int64_t locality_id);
void insert_wards(store::Tx& tx, std::int64_t locality_id, const std::vector<WardRow>& wards);
void insert_lsoas(store::Tx& tx, std::int64_t locality_id, const std::vector<LsoaRow>& lsoas);
void insert_postcodes(store::Tx& tx, std::int64_t locality_id, const std::vector<PostcodeRow>& postcodes);
// Sets each LSOA's ward_code to the ward holding most of its postcodes (ties: the lower ward code),
// the same best-fit idea ONS uses for its lookups.
void fit_lsoas_to_wards(store::Tx& tx, std::int64_t locality_id);

}  // namespace cw::places
