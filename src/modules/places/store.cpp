#include "modules/places/store.h"

#include "modules/places/overview.h"

#include <fmt/format.h>

namespace cw::places {

namespace {

Locality locality_from(const store::Row& r, std::size_t at = 0) {
  return Locality{r.integer(at), r.text(at + 1), r.text(at + 2), r.text(at + 3)};
}

std::optional<double> opt_real(const store::Row& r, std::size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional<double>(r.real(i));
}

std::optional<int> opt_int(const store::Row& r, std::size_t i) {
  auto v = r.opt_integer(i);
  return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

constexpr const char* kWardColumns =
    "l.id, l.code, l.name, l.attribution, w.code, w.name, w.geometry, w.min_lon, w.min_lat, w.max_lon, "
    "w.max_lat, w.centroid_lat, w.centroid_lon, "
    "(SELECT COUNT(*) FROM postcodes p WHERE p.locality_id = w.locality_id AND p.ward_code = w.code)";

Ward ward_from(const store::Row& r) {
  Ward w;
  w.locality = locality_from(r);
  w.row.code = r.text(4);
  w.row.name = r.text(5);
  w.row.geometry = r.text(6);
  w.row.bbox = {r.real(7), r.real(8), r.real(9), r.real(10)};
  w.row.centroid_lat = opt_real(r, 11);
  w.row.centroid_lon = opt_real(r, 12);
  w.postcodes = r.integer(13);
  return w;
}

}  // namespace

std::vector<Locality> list_localities(store::Tx& tx) {
  std::vector<Locality> out;
  for (const auto& r : tx.run("SELECT id, code, name, attribution FROM localities ORDER BY name, code").rows)
    out.push_back(locality_from(r));
  return out;
}

std::optional<Locality> find_locality(store::Tx& tx, const std::string& code) {
  auto res = tx.run("SELECT id, code, name, attribution FROM localities WHERE code = $1", code);
  if (res.empty()) return std::nullopt;
  return locality_from(res.rows[0]);
}

std::vector<WardSummary> list_wards(store::Tx& tx, std::int64_t locality_id) {
  auto res = tx.run(
      "SELECT w.code, w.name, "
      "(SELECT COUNT(*) FROM postcodes p WHERE p.locality_id = w.locality_id AND p.ward_code = w.code), "
      "(SELECT COUNT(*) FROM lsoas s WHERE s.locality_id = w.locality_id AND s.ward_code = w.code) "
      "FROM wards w WHERE w.locality_id = $1 ORDER BY w.name, w.code",
      locality_id);
  std::vector<WardSummary> out;
  for (const auto& r : res.rows) out.push_back({r.text(0), r.text(1), r.integer(2), r.integer(3)});
  return out;
}

std::vector<WardRow> list_ward_rows(store::Tx& tx, std::int64_t locality_id) {
  std::vector<WardRow> out;
  auto res = tx.run(
      "SELECT code, name, geometry, min_lon, min_lat, max_lon, max_lat, centroid_lat, centroid_lon FROM "
      "wards "
      "WHERE locality_id = $1 ORDER BY name, code",
      locality_id);
  for (const auto& r : res.rows)
    out.push_back({r.text(0),
                   r.text(1),
                   r.text(2),
                   {r.real(3), r.real(4), r.real(5), r.real(6)},
                   opt_real(r, 7),
                   opt_real(r, 8)});
  return out;
}

std::vector<std::pair<std::string, std::string>> list_ward_names(store::Tx& tx, std::int64_t locality_id) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r :
       tx.run("SELECT code, name FROM wards WHERE locality_id = $1 ORDER BY name, code", locality_id).rows)
    out.emplace_back(r.text(0), r.text(1));
  return out;
}

std::optional<Ward> find_ward(store::Tx& tx, const std::string& locality_code, const std::string& ward_code) {
  auto res = tx.run(fmt::format("SELECT {} FROM wards w JOIN localities l ON l.id = w.locality_id "
                                "WHERE l.code = $1 AND w.code = $2",
                                kWardColumns),
                    locality_code, ward_code);
  if (res.empty()) return std::nullopt;
  return ward_from(res.rows[0]);
}

std::optional<Ward> find_ward_by_code(store::Tx& tx, const std::string& ward_code) {
  auto res = tx.run(fmt::format("SELECT {} FROM wards w JOIN localities l ON l.id = w.locality_id "
                                "WHERE w.code = $1 ORDER BY l.id LIMIT 1",
                                kWardColumns),
                    ward_code);
  if (res.empty()) return std::nullopt;
  return ward_from(res.rows[0]);
}

std::vector<LsoaRow> ward_lsoas(store::Tx& tx, std::int64_t locality_id, const std::string& ward_code) {
  auto res = tx.run(
      "SELECT code, name, imd_rank, imd_decile, ward_code, population FROM lsoas "
      "WHERE locality_id = $1 AND ward_code = $2 ORDER BY imd_rank, code",
      locality_id, ward_code);
  std::vector<LsoaRow> out;
  for (const auto& r : res.rows)
    out.push_back(
        {r.text(0), r.text(1), opt_int(r, 2), opt_int(r, 3), r.opt_text(4), std::nullopt, r.opt_integer(5)});
  return out;
}

std::int64_t count_wards(store::Tx& tx, std::int64_t locality_id) {
  return tx.run("SELECT COUNT(*) FROM wards WHERE locality_id = $1", locality_id).one().integer(0);
}

Counts count_rows(store::Tx& tx, std::int64_t locality_id) {
  const auto& r = tx.run(
                        "SELECT (SELECT COUNT(*) FROM wards WHERE locality_id = $1), "
                        "(SELECT COUNT(*) FROM lsoas WHERE locality_id = $1), "
                        "(SELECT COUNT(*) FROM postcodes WHERE locality_id = $1)",
                        locality_id)
                      .one();
  return {r.integer(0), r.integer(1), r.integer(2)};
}

std::int64_t upsert_locality(store::Tx& tx, const Locality& l) {
  return tx
      .run(
          "INSERT INTO localities (code, name, attribution) VALUES ($1, $2, $3) "
          "ON CONFLICT (code) DO UPDATE SET name = excluded.name, attribution = excluded.attribution "
          "RETURNING id",
          l.code, l.name, l.attribution)
      .one()
      .integer(0);
}

void clear_locality(store::Tx& tx, std::int64_t locality_id) {
  tx.run("DELETE FROM postcodes WHERE locality_id = $1", locality_id);
  tx.run("DELETE FROM lsoas WHERE locality_id = $1", locality_id);
  tx.run("DELETE FROM wards WHERE locality_id = $1", locality_id);
}

void insert_wards(store::Tx& tx, std::int64_t locality_id, const std::vector<WardRow>& wards) {
  for (const auto& w : wards)
    tx.run(
        "INSERT INTO wards (locality_id, code, name, geometry, min_lon, min_lat, max_lon, max_lat, "
        "centroid_lat, centroid_lon) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        locality_id, w.code, w.name, w.geometry, w.bbox.min_lon, w.bbox.min_lat, w.bbox.max_lon,
        w.bbox.max_lat, w.centroid_lat, w.centroid_lon);
}

void insert_lsoas(store::Tx& tx, std::int64_t locality_id, const std::vector<LsoaRow>& lsoas) {
  for (const auto& s : lsoas)
    tx.run(
        "INSERT INTO lsoas (locality_id, code, name, imd_rank, imd_decile, ward_code, geometry, population) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        locality_id, s.code, s.name, s.imd_rank, s.imd_decile, s.ward_code, s.geometry, s.population);
}

void insert_postcodes(store::Tx& tx, std::int64_t locality_id, const std::vector<PostcodeRow>& postcodes) {
  // Many rows per statement: on PostgreSQL each statement is a round trip, and thousands of them would
  // make `commonweal demo` slow for no reason.
  constexpr std::size_t kBatch = 250;
  for (std::size_t start = 0; start < postcodes.size(); start += kBatch) {
    auto end = std::min(postcodes.size(), start + kBatch);
    std::string sql = "INSERT INTO postcodes (locality_id, postcode, lat, lon, ward_code, lsoa_code) VALUES ";
    std::vector<store::Value> params{locality_id};
    for (auto i = start; i < end; ++i) {
      const auto& p = postcodes[i];
      auto n = params.size();
      sql += fmt::format("{}($1, ${}, ${}, ${}, ${}, ${})", i == start ? "" : ", ", n + 1, n + 2, n + 3,
                         n + 4, n + 5);
      params.insert(params.end(), {p.postcode, p.lat, p.lon,
                                   p.ward_code ? store::Value(*p.ward_code) : store::Value(nullptr),
                                   p.lsoa_code ? store::Value(*p.lsoa_code) : store::Value(nullptr)});
    }
    tx.exec(sql, params);
  }
}

void fit_lsoas_to_wards(store::Tx& tx, std::int64_t locality_id) {
  tx.run(
      "UPDATE lsoas SET ward_code = ("
      "  SELECT p.ward_code FROM postcodes p "
      "  WHERE p.locality_id = lsoas.locality_id AND p.lsoa_code = lsoas.code AND p.ward_code IS NOT NULL "
      "  GROUP BY p.ward_code ORDER BY COUNT(*) DESC, p.ward_code LIMIT 1) "
      "WHERE locality_id = $1",
      locality_id);
}

// Declared in overview.h: what other modules may read about neighbourhoods.
std::vector<NeighbourhoodRef> neighbourhood_refs(store::Tx& tx, std::int64_t locality_id) {
  std::vector<NeighbourhoodRef> out;
  for (const auto& r :
       tx.run("SELECT COALESCE(ward_code, ''), COALESCE(imd_decile, 0), population FROM lsoas "
              "WHERE locality_id = $1 ORDER BY code",
              locality_id)
           .rows)
    out.push_back({r.text(0), static_cast<int>(r.integer(1)), r.opt_integer(2)});
  return out;
}

std::vector<PostcodeArea> postcode_areas(store::Tx& tx, std::int64_t locality_id) {
  std::vector<PostcodeArea> out;
  for (const auto& r : tx.run("SELECT p.postcode, COALESCE(p.ward_code, ''), COALESCE(l.imd_decile, 0) FROM "
                              "postcodes p LEFT JOIN lsoas l ON l.locality_id = p.locality_id AND l.code = "
                              "p.lsoa_code WHERE p.locality_id = $1 ORDER BY p.postcode",
                              locality_id)
                           .rows)
    out.push_back({r.text(0), r.text(1), static_cast<int>(r.integer(2))});
  return out;
}

}  // namespace cw::places
