#include "modules/places/demo.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "geo/areas.h"
#include "geo/csv.h"
#include "modules/places/places.h"
#include "modules/places/store.h"

namespace cw::places {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The README of the source data asks for exactly this text wherever the data appears.
constexpr const char* kAttribution[] = {
    "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal Mail "
    "copyright and database right 2025. Contains National Statistics data © Crown copyright and database "
    "right 2025.",
    "Source: Office for National Statistics; Ministry of Housing, Communities and Local Government (English "
    "Indices of Deprivation 2019 and 2025); Arts Council England (libraries data). Licensed under the Open "
    "Government Licence v3.0.",
};

json read_json(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot be read");
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw std::runtime_error(path.string() + ": not valid JSON: " + e.what());
  }
}

// Walks every [lon, lat] position of a Polygon or MultiPolygon.
template <typename F>
void each_position(const json& geometry, F&& f) {
  const auto& type = geometry.at("type");
  const auto& coords = geometry.at("coordinates");
  auto ring_walk = [&](const json& polygon) {
    for (const auto& ring : polygon)
      for (const auto& pos : ring) f(pos.at(0).get<double>(), pos.at(1).get<double>());
  };
  if (type == "Polygon") {
    ring_walk(coords);
  } else if (type == "MultiPolygon") {
    for (const auto& polygon : coords) ring_walk(polygon);
  } else {
    throw std::runtime_error("geometry type " + type.dump() + " is not a polygon");
  }
}

BBox bbox_of(const json& geometry) {
  BBox b{180, 90, -180, -90};
  each_position(geometry, [&](double lon, double lat) {
    b.min_lon = std::min(b.min_lon, lon);
    b.max_lon = std::max(b.max_lon, lon);
    b.min_lat = std::min(b.min_lat, lat);
    b.max_lat = std::max(b.max_lat, lat);
  });
  return b;
}

struct LoadedWards {
  Locality locality;
  std::vector<WardRow> wards;
};

// The file's "features" array, or an error naming the file.
const json& features_of(const json& doc, const fs::path& path) {
  if (!doc.is_object() || !doc.contains("features") || !doc["features"].is_array())
    throw std::runtime_error(path.string() + ": not a GeoJSON FeatureCollection (no \"features\" list)");
  return doc["features"];
}

// Refuses a boundary the lookups could not use, so the error names the feature now rather than
// breaking every point lookup when the boundaries are first loaded.
const json& checked_geometry(const json& feature) {
  const auto& g = feature.at("geometry");
  try {
    geo::check_area(g);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("geometry: ") + e.what());
  }
  return g;
}

WardRow read_ward(const json& f, Locality& locality) {
  const auto& p = f.at("properties");
  const auto& geometry = checked_geometry(f);
  WardRow w{p.at("ward_code"), p.at("ward_name"), geometry.dump(),
            bbox_of(geometry), std::nullopt,      std::nullopt};
  if (!is_gss_code(w.code, "E05")) throw std::runtime_error("ward_code " + w.code + " is not a ward code");
  if (p.contains("centroid_lat") && p["centroid_lat"].is_number()) w.centroid_lat = p["centroid_lat"];
  if (p.contains("centroid_long") && p["centroid_long"].is_number()) w.centroid_lon = p["centroid_long"];
  std::string lad = p.at("lad_code");
  if (locality.code.empty()) locality = {0, lad, p.at("lad_name"), ""};
  if (lad != locality.code) throw std::runtime_error("wards from more than one local authority");
  return w;
}

LoadedWards read_wards(const fs::path& path) {
  LoadedWards out;
  auto doc = read_json(path);
  std::map<std::string, int> seen;
  int n = 0;
  for (const auto& f : features_of(doc, path)) {
    ++n;
    try {
      auto w = read_ward(f, out.locality);
      if (auto [at, fresh] = seen.emplace(w.code, n); !fresh)
        throw std::runtime_error(
            fmt::format("ward_code {} is listed twice (first as feature {})", w.code, at->second));
      out.wards.push_back(std::move(w));
    } catch (const std::exception& e) {
      throw std::runtime_error(fmt::format("{}: feature {}: {}", path.string(), n, e.what()));
    }
  }
  if (out.wards.empty()) throw std::runtime_error(path.string() + ": no wards");
  if (!is_local_authority_code(out.locality.code))
    throw std::runtime_error(path.string() + ": lad_code " + out.locality.code + " is not a local authority");
  return out;
}

int parse_int(const std::string& s, const std::string& where) {
  std::size_t used = 0;
  int v = 0;
  try {
    v = std::stoi(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != s.size())
    throw std::runtime_error(where + ": \"" + s + "\" is not a whole number");
  return v;
}

double parse_double(const std::string& s, const std::string& where) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != s.size()) throw std::runtime_error(where + ": \"" + s + "\" is not a number");
  return v;
}

std::string at_line(const fs::path& path, std::size_t line) {
  return fmt::format("{}: line {}", path.string(), line);
}

// LSOA boundaries by code. Every LSOA must be in the IMD file: a boundary without its deprivation
// figures would be a typo or the wrong vintage of file, and silently dropping it hides that.
std::map<std::string, std::string> read_lsoa_geometry(const fs::path& path,
                                                      const std::set<std::string>& imd_codes) {
  std::map<std::string, std::string> out;
  auto doc = read_json(path);
  int n = 0;
  for (const auto& f : features_of(doc, path)) {
    ++n;
    try {
      const auto& p = f.at("properties");
      if (!p.contains("lsoa_code") || !p["lsoa_code"].is_string()) throw std::runtime_error("no lsoa_code");
      auto code = p["lsoa_code"].get<std::string>();
      if (!imd_codes.count(code)) throw std::runtime_error("LSOA " + code + " is not in the IMD file");
      auto geometry = checked_geometry(f).dump();
      if (!out.emplace(code, std::move(geometry)).second)
        throw std::runtime_error("lsoa_code " + code + " is listed twice");
    } catch (const std::exception& e) {
      throw std::runtime_error(fmt::format("{}: feature {}: {}", path.string(), n, e.what()));
    }
  }
  return out;
}

struct ImdColumns {
  std::size_t code, name, rank, decile;
  std::optional<std::size_t> population;  // optional: no open source ships it alongside IMD 2019
};

ImdColumns imd_columns(const geo::CsvTable& csv, const fs::path& path) {
  try {
    ImdColumns c{csv.column("lsoa_code"), csv.column("lsoa_name"), csv.column("imd_rank"),
                 csv.column("imd_decile"), std::nullopt};
    const auto& header = csv.header();
    if (auto at = std::find(header.begin(), header.end(), "population"); at != header.end())
      c.population = static_cast<std::size_t>(at - header.begin());
    return c;
  } catch (const std::exception& e) {
    throw std::runtime_error(path.string() + ": " + e.what());
  }
}

LsoaRow read_imd_record(const ImdColumns& c, const geo::CsvRecord& r, const std::string& where) {
  LsoaRow s{r.fields[c.code],
            r.fields[c.name],
            parse_int(r.fields[c.rank], where),
            parse_int(r.fields[c.decile], where),
            std::nullopt,
            std::nullopt};
  if (!is_gss_code(s.code, "E01")) throw std::runtime_error(where + ": " + s.code + " is not an LSOA code");
  if (*s.imd_rank < 1 || *s.imd_rank > kImd2019Areas)
    throw std::runtime_error(where + ": IMD 2019 rank out of range");
  if (*s.imd_decile != imd_decile(*s.imd_rank, kImd2019Areas))
    throw std::runtime_error(
        fmt::format("{}: decile {} does not match rank {}", where, *s.imd_decile, *s.imd_rank));
  if (c.population && !r.fields[*c.population].empty()) {
    s.population = parse_int(r.fields[*c.population], where);
    if (*s.population < 0) throw std::runtime_error(where + ": a population cannot be negative");
  }
  return s;
}

// IMD 2019 from imd.csv, geometry from lsoa.geojson (2011 LSOAs: the vintage IMD 2019 is published for).
std::vector<LsoaRow> read_lsoas(const fs::path& imd_path, const fs::path& geo_path) {
  auto csv = geo::CsvTable::read_file(imd_path.string());
  auto columns = imd_columns(csv, imd_path);
  std::vector<LsoaRow> out;
  std::map<std::string, std::size_t> seen;
  for (const auto& r : csv.records()) {
    auto where = at_line(imd_path, r.line);
    auto s = read_imd_record(columns, r, where);
    if (auto [at, fresh] = seen.emplace(s.code, r.line); !fresh)
      throw std::runtime_error(
          fmt::format("{}: {} is listed twice (first on line {})", where, s.code, at->second));
    out.push_back(std::move(s));
  }
  if (!geo_path.empty()) {
    std::set<std::string> codes;
    for (const auto& s : out) codes.insert(s.code);
    auto geometry = read_lsoa_geometry(geo_path, codes);
    for (auto& s : out)
      if (auto g = geometry.find(s.code); g != geometry.end()) s.geometry = g->second;
  }
  return out;
}

// `wards` and `lsoas` are the codes being imported with them: a postcode naming another is an error.
std::vector<PostcodeRow> read_postcodes(const fs::path& path, const std::set<std::string>& wards,
                                        const std::set<std::string>& lsoas) {
  std::map<std::string, std::size_t> seen;
  auto csv = geo::CsvTable::read_file(path.string());
  auto c_pc = csv.column("pcds"), c_lat = csv.column("lat"), c_lon = csv.column("long"),
       c_ward = csv.column("osward"), c_lsoa = csv.column("lsoa11"), c_term = csv.column("doterm");
  std::vector<PostcodeRow> out;
  for (const auto& r : csv.records()) {
    if (!r.fields[c_term].empty()) continue;  // terminated postcodes are not places anyone lives now
    auto where = at_line(path, r.line);
    auto pc = normalise_postcode(r.fields[c_pc]);
    if (!pc) throw std::runtime_error(where + ": \"" + r.fields[c_pc] + "\" is not a postcode");
    if (auto [at, fresh] = seen.emplace(*pc, r.line); !fresh)
      throw std::runtime_error(
          fmt::format("{}: {} is listed twice (first on line {})", where, *pc, at->second));
    if (!r.fields[c_ward].empty() && !wards.count(r.fields[c_ward]))
      throw std::runtime_error(where + ": ward " + r.fields[c_ward] + " is not in the wards file");
    if (!lsoas.empty() && !r.fields[c_lsoa].empty() && !lsoas.count(r.fields[c_lsoa]))
      throw std::runtime_error(where + ": LSOA " + r.fields[c_lsoa] + " is not in the IMD file");
    auto opt = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional<std::string>(s); };
    out.push_back({*pc, parse_double(r.fields[c_lat], where), parse_double(r.fields[c_lon], where),
                   opt(r.fields[c_ward]), opt(r.fields[c_lsoa])});
  }
  return out;
}

}  // namespace

std::string import_geo(store::Db& db, const GeoImport& in) {
  // Parse everything before opening the transaction: a bad file fails fast without holding the writer.
  auto wards = read_wards(in.wards);
  if (wards.locality.code != in.locality_code)
    throw std::runtime_error(in.wards + ": the wards are in " + wards.locality.code + ", not " +
                             in.locality_code);
  if (!in.name.empty()) wards.locality.name = in.name;
  wards.locality.attribution = in.attribution;
  std::vector<LsoaRow> lsoas;
  if (!in.imd.empty())
    lsoas = read_lsoas(in.imd, in.lsoa);
  else if (!in.lsoa.empty())
    throw std::runtime_error("--lsoa needs --imd: LSOAs are imported with their IMD ranks");
  std::set<std::string> ward_codes, lsoa_codes;
  for (const auto& w : wards.wards) ward_codes.insert(w.code);
  for (const auto& s : lsoas) lsoa_codes.insert(s.code);
  std::vector<PostcodeRow> postcodes;
  if (!in.postcodes.empty()) postcodes = read_postcodes(in.postcodes, ward_codes, lsoa_codes);

  auto counts = store::in_write(db, [&](store::Tx& tx) {
    auto id = upsert_locality(tx, wards.locality);
    clear_locality(tx, id);
    insert_wards(tx, id, wards.wards);
    insert_lsoas(tx, id, lsoas);
    insert_postcodes(tx, id, postcodes);
    fit_lsoas_to_wards(tx, id);
    return count_rows(tx, id);
  });
  return fmt::format("Loaded {}: {} wards, {} LSOAs, {} postcodes", wards.locality.name, counts.wards,
                     counts.lsoas, counts.postcodes);
}

std::string load_demo(store::Db& db, const std::string& dir) {
  fs::path d(dir);
  auto loaded = import_geo(db, {.locality_code = "E09000029",
                                .name = "Sutton",
                                .wards = (d / "wards.geojson").string(),
                                .lsoa = (d / "lsoa.geojson").string(),
                                .imd = (d / "imd.csv").string(),
                                .postcodes = (d / "postcodes.csv").string(),
                                .attribution = fmt::format("{} {}", kAttribution[0], kAttribution[1])});
  // The council's published contact details, unless an admin has set them already.
  store::in_write(db, [](store::Tx& tx) {
    tx.run(
        "UPDATE localities SET contact_website = 'https://www.sutton.gov.uk', contact_phone = '020 8770 "
        "5000', "
        "contact_address = 'Civic Offices, St Nicholas Way, Sutton SM1 1EA' WHERE code = 'E09000029' AND "
        "contact_website = '' AND contact_phone = '' AND contact_email = '' AND contact_address = ''");
  });
  return loaded;
}

std::vector<std::string> data_attribution() {
  return {std::begin(kAttribution), std::end(kAttribution)};
}

}  // namespace cw::places
