// What other modules may know about places without touching its store: the localities served and the
// one this install introduces on its home page. Read-only; call inside the caller's transaction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace cw::places {

struct LocalityOverview {
  std::string code;  // e.g. E09000029
  std::string name;  // e.g. Sutton
  std::int64_t wards = 0;
};

// The first locality loaded (by name), with its number of wards; nullopt when none is loaded.
std::optional<LocalityOverview> first_locality(store::Tx& tx);

struct LocalityRef {
  std::int64_t id = 0;  // what place-scoped rows (and role grants) key on
  std::string code, name;
};
// Every locality, by name: for choosing one in a form.
std::vector<LocalityRef> locality_refs(store::Tx& tx);
// The locality with this id, for checking a choice made in a form; nullopt when there is none.
std::optional<LocalityRef> find_locality_ref(store::Tx& tx, std::int64_t id);

struct WardRef {
  std::string code, name;
};
// A locality's wards by name: for choosing wards in a form and naming them in lists.
std::vector<WardRef> ward_refs(store::Tx& tx, std::int64_t locality_id);

// A locality's neighbourhoods (LSOAs) as the fairness report weighs them: ward ("" none), IMD decile
// (0 not known) and residents (nullopt when the deprivation file gave no population).
struct NeighbourhoodRef {
  std::string ward_code;
  int decile = 0;
  std::optional<std::int64_t> population;
};
std::vector<NeighbourhoodRef> neighbourhood_refs(store::Tx& tx, std::int64_t locality_id);

// Every postcode of a locality with its ward ("" none) and its neighbourhood's IMD decile (0 not known),
// by postcode: where demo signers and voters are drawn from.
struct PostcodeArea {
  std::string postcode, ward_code;
  int decile = 0;
};
std::vector<PostcodeArea> postcode_areas(store::Tx& tx, std::int64_t locality_id);

// A ward's boundary (GeoJSON geometry text) and bounding box, for drawing maps.
struct WardShape {
  std::string code, name, geometry;
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
};
std::vector<WardShape> ward_shapes(store::Tx& tx, std::int64_t locality_id);

}  // namespace cw::places
