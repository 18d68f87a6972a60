#include "modules/places/lookup.h"

#include <iostream>
#include <memory>
#include <mutex>

#include <nlohmann/json.hpp>

#include "geo/areas.h"
#include "modules/places/places.h"

namespace cw::places {

std::optional<Place> find_postcode(store::Tx& tx, const std::string& postcode) {
  auto res = tx.run(
      "SELECT p.postcode, p.lat, p.lon, l.code, l.name, w.code, w.name, s.code, s.name, s.imd_rank, "
      "s.imd_decile "
      "FROM postcodes p JOIN localities l ON l.id = p.locality_id "
      "LEFT JOIN wards w ON w.locality_id = p.locality_id AND w.code = p.ward_code "
      "LEFT JOIN lsoas s ON s.locality_id = p.locality_id AND s.code = p.lsoa_code "
      "WHERE p.postcode = $1 ORDER BY l.id LIMIT 1",
      postcode);
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows[0];
  auto opt_int = [&](std::size_t i) {
    auto v = r.opt_integer(i);
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
  };
  return Place{r.text(0),     r.real(1),     r.real(2),     r.text(3),  r.text(4),  r.opt_text(5),
               r.opt_text(6), r.opt_text(7), r.opt_text(8), opt_int(9), opt_int(10)};
}

namespace {

struct Boundaries {
  std::string signature;        // what the tables held when the indexes were built
  geo::AreaIndex wards, lsoas;  // ids "<locality id>/<code>"
};

// Cheap to ask on every lookup; changes whenever an import replaces boundaries.
std::string boundary_signature(store::Tx& tx) {
  const auto& r =
      tx.run(
            "SELECT (SELECT COUNT(*) FROM wards), (SELECT COALESCE(SUM(LENGTH(geometry)), 0) FROM wards), "
            "(SELECT COUNT(*) FROM lsoas WHERE geometry IS NOT NULL)")
          .one();
  return std::to_string(r.integer(0)) + "/" + std::to_string(r.integer(1)) + "/" +
         std::to_string(r.integer(2));
}

// Imports check every boundary, but one that fails to load (a row written by an older version, or by
// hand) must cost only its own area, not every lookup in every locality: it is skipped and logged.
void add_area(geo::AreaIndex& index, const char* kind, const store::Row& r) {
  auto id = std::to_string(r.integer(0)) + "/" + r.text(1);
  try {
    index.add(id, nlohmann::json::parse(r.text(2)));
  } catch (const std::exception& e) {
    std::cerr << "places: " << kind << " " << id << " left out of point lookups: " << e.what() << "\n";
  }
}

std::shared_ptr<const Boundaries> build_boundaries(store::Tx& tx, std::string signature) {
  auto b = std::make_shared<Boundaries>();
  b->signature = std::move(signature);
  for (const auto& r :
       tx.run("SELECT locality_id, code, geometry FROM wards ORDER BY locality_id, code").rows)
    add_area(b->wards, "ward", r);
  for (const auto& r : tx.run("SELECT locality_id, code, geometry FROM lsoas WHERE geometry IS NOT NULL "
                              "ORDER BY locality_id, code")
                           .rows)
    add_area(b->lsoas, "LSOA", r);
  return b;
}

std::shared_ptr<const Boundaries> boundaries(store::Tx& tx) {
  static std::mutex mutex;
  static std::shared_ptr<const Boundaries> cached;
  auto signature = boundary_signature(tx);
  std::lock_guard lock(mutex);
  if (!cached || cached->signature != signature) cached = build_boundaries(tx, signature);
  return cached;
}

}  // namespace

std::optional<Place> find_point(store::Tx& tx, double lon, double lat) {
  auto b = boundaries(tx);
  auto ward = b->wards.find(lon, lat);
  if (!ward) return std::nullopt;
  auto slash = ward->find('/');
  auto locality_id = std::stoll(ward->substr(0, slash));
  auto lsoa = b->lsoas.find(lon, lat);
  std::optional<std::string> lsoa_code;
  if (lsoa && lsoa->substr(0, lsoa->find('/')) == ward->substr(0, slash))
    lsoa_code = lsoa->substr(lsoa->find('/') + 1);
  auto res = tx.run(
      "SELECT l.code, l.name, w.code, w.name, s.code, s.name, s.imd_rank, s.imd_decile FROM localities l "
      "JOIN wards w ON w.locality_id = l.id AND w.code = $2 "
      "LEFT JOIN lsoas s ON s.locality_id = l.id AND s.code = $3 WHERE l.id = $1",
      locality_id, ward->substr(slash + 1), lsoa_code.value_or(""));
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows[0];
  auto opt_int = [&](std::size_t i) {
    auto v = r.opt_integer(i);
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
  };
  return Place{"",
               lat,
               lon,
               r.text(0),
               r.text(1),
               r.opt_text(2),
               r.opt_text(3),
               r.opt_text(4),
               r.opt_text(5),
               opt_int(6),
               opt_int(7)};
}

std::string postcode_not_found_problem(store::Tx& tx, const std::string& postcode,
                                       const std::string& locality_name) {
  auto outward = postcode.substr(0, postcode.find(' '));
  // Every postcode of the district sorts between "SM5 " and "SM5!" (' ' is 0x20, '!' 0x21).
  bool district_served = !tx.run("SELECT 1 FROM postcodes WHERE postcode >= $1 AND postcode < $2 LIMIT 1",
                                 outward + " ", outward + "!")
                              .empty();
  if (district_served) return "We could not find " + postcode + ". Check the postcode";
  return postcode + " is not in " +
         (locality_name.empty() ? std::string("an area this site covers") : locality_name) +
         ". Check the postcode";
}

TypedPostcode find_typed_postcode(store::Tx& tx, std::string_view typed,
                                  const std::string& within_locality_code,
                                  const std::string& within_locality_name) {
  TypedPostcode out;
  auto postcode = typed.size() <= 20 ? normalise_postcode(typed) : std::nullopt;
  if (!postcode) {
    out.problem = "Enter a real postcode, for example SM1 1EA";
    return out;
  }
  out.postcode = *postcode;
  auto place = find_postcode(tx, *postcode);
  if (!place)
    out.problem = postcode_not_found_problem(tx, *postcode, within_locality_name);
  else if (!within_locality_code.empty() && place->locality_code != within_locality_code)
    out.problem = *postcode + " is not in " + within_locality_name + ". Check the postcode";
  else
    out.place = std::move(place);
  return out;
}

}  // namespace cw::places
