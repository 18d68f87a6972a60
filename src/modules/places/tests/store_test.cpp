// The places store and the demo loader against both real engines: SQLite and a temporary PostgreSQL.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <numeric>

#include "modules/module.h"
#include "modules/places/demo.h"
#include "modules/places/lookup.h"
#include "modules/places/overview.h"
#include "modules/places/places.h"
#include "modules/places/store.h"
#include "modules/testing.h"
#include "store/migrate.h"
#include "store/tests/pg_harness.h"

namespace cw::places {
namespace {

using store::Engine;

const std::string kDemo = std::string(CW_SOURCE_DIR) + "/data/demo";
const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);

// Counted straight from the file, independently of the loader.
int postcodes_in_file_for_ward(const std::string& ward) {
  std::ifstream in(kDemo + "/postcodes.csv");
  int n = 0;
  for (std::string line; std::getline(in, line);)
    if (line.find("," + ward + ",") != std::string::npos) ++n;
  return n;
}

class PlacesStore : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override { db_ = modules::testing::migrated_db(GetParam(), sqlite_, {"places"}); }
  template <typename F>
  auto read(F&& f) {
    return store::in_read(*db_, std::forward<F>(f));
  }

  store::testing::TempSqlite sqlite_;
  std::unique_ptr<store::Db> db_;
};

TEST_P(PlacesStore, demo_loads_sutton_with_20_wards_121_lsoas_and_3856_postcodes) {
  EXPECT_EQ(load_demo(*db_, kDemo), "Loaded Sutton: 20 wards, 121 LSOAs, 3856 postcodes");
  auto localities = read([](store::Tx& tx) { return list_localities(tx); });
  ASSERT_EQ(localities.size(), 1u);
  EXPECT_EQ(localities[0].code, "E09000029");
  EXPECT_EQ(localities[0].name, "Sutton");
  EXPECT_NE(localities[0].attribution.find("Open Government Licence v3.0"), std::string::npos);
  auto c = read([&](store::Tx& tx) { return count_rows(tx, localities[0].id); });
  EXPECT_EQ(c.wards, 20);
  EXPECT_EQ(c.lsoas, 121);
  EXPECT_EQ(c.postcodes, 3856);
}

TEST_P(PlacesStore, reloading_the_demo_replaces_rows_rather_than_adding_them) {
  load_demo(*db_, kDemo);
  auto first = read([](store::Tx& tx) { return list_localities(tx); });
  EXPECT_EQ(load_demo(*db_, kDemo), "Loaded Sutton: 20 wards, 121 LSOAs, 3856 postcodes");
  auto again = read([](store::Tx& tx) { return list_localities(tx); });
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, first[0].id) << "the locality keeps its id";
  auto c = read([&](store::Tx& tx) { return count_rows(tx, again[0].id); });
  EXPECT_EQ(c.wards, 20);
  EXPECT_EQ(c.lsoas, 121);
  EXPECT_EQ(c.postcodes, 3856);
}

TEST_P(PlacesStore, ward_list_counts_postcodes_and_fits_every_lsoa_to_one_ward) {
  load_demo(*db_, kDemo);
  auto wards = read([](store::Tx& tx) { return list_wards(tx, list_localities(tx).at(0).id); });
  ASSERT_EQ(wards.size(), 20u);
  EXPECT_EQ(wards.front().name, "Beddington") << "sorted by name";
  std::int64_t postcodes = 0, lsoas = 0;
  for (const auto& w : wards) {
    postcodes += w.postcodes;
    lsoas += w.lsoas;
    EXPECT_GE(w.postcodes, 13) << w.name;
  }
  EXPECT_EQ(postcodes, 3856);
  EXPECT_EQ(lsoas, 121);
}

TEST_P(PlacesStore, ward_page_data_for_beddington) {
  load_demo(*db_, kDemo);
  auto ward = read([](store::Tx& tx) { return find_ward(tx, "E09000029", "E05013754"); });
  ASSERT_TRUE(ward);
  EXPECT_EQ(ward->row.name, "Beddington");
  EXPECT_EQ(ward->locality.name, "Sutton");
  EXPECT_EQ(ward->postcodes, postcodes_in_file_for_ward("E05013754"));
  EXPECT_LT(ward->row.bbox.min_lon, ward->row.bbox.max_lon);
  EXPECT_NEAR(*ward->row.centroid_lat, 51.37609, 1e-6);
  EXPECT_NE(ward->row.geometry.find("\"Polygon\""), std::string::npos);
  auto lsoas = read([&](store::Tx& tx) { return ward_lsoas(tx, ward->locality.id, "E05013754"); });
  ASSERT_FALSE(lsoas.empty());
  for (std::size_t i = 0; i < lsoas.size(); ++i) {
    EXPECT_EQ(lsoas[i].ward_code, "E05013754");
    ASSERT_TRUE(lsoas[i].imd_rank && lsoas[i].imd_decile);
    EXPECT_EQ(*lsoas[i].imd_decile, imd_decile(*lsoas[i].imd_rank, kImd2019Areas));
    if (i > 0) {
      EXPECT_LE(*lsoas[i - 1].imd_rank, *lsoas[i].imd_rank) << "most deprived first";
    }
  }
  auto by_code = read([](store::Tx& tx) { return find_ward_by_code(tx, "E05013754"); });
  ASSERT_TRUE(by_code);
  EXPECT_EQ(by_code->postcodes, ward->postcodes);
}

TEST_P(PlacesStore, sutton_deprivation_profile_matches_the_published_spread) {
  load_demo(*db_, kDemo);
  // IMD 2019, LSOAs per decile 1…10, as the data's README records them.
  const std::array<int, 10> expected{1, 6, 8, 7, 7, 11, 20, 19, 19, 23};
  auto all = read([](store::Tx& tx) {
    auto id = list_localities(tx).at(0).id;
    std::vector<int> deciles;
    for (const auto& w : list_wards(tx, id))
      for (const auto& s : ward_lsoas(tx, id, w.code)) deciles.push_back(*s.imd_decile);
    return deciles;
  });
  EXPECT_EQ(decile_counts(all), expected);
}

TEST_P(PlacesStore, unknown_codes_find_nothing) {
  load_demo(*db_, kDemo);
  read([](store::Tx& tx) {
    EXPECT_FALSE(find_locality(tx, "E09000001"));
    EXPECT_FALSE(find_ward(tx, "E09000029", "E05000000"));
    EXPECT_FALSE(find_ward(tx, "E09000001", "E05013754")) << "a real ward under the wrong locality";
    EXPECT_FALSE(find_ward_by_code(tx, "E05000000"));
    return 0;
  });
}

TEST_P(PlacesStore, overview_is_empty_before_the_demo_and_names_sutton_after) {
  EXPECT_FALSE(read([](store::Tx& tx) { return first_locality(tx); }));
  load_demo(*db_, kDemo);
  auto o = read([](store::Tx& tx) { return first_locality(tx); });
  ASSERT_TRUE(o);
  EXPECT_EQ(o->name, "Sutton");
  EXPECT_EQ(o->wards, 20);
}

TEST_P(PlacesStore, a_bad_demo_file_is_reported_with_its_line_and_loads_nothing) {
  namespace fs = std::filesystem;
  auto dir = fs::path(sqlite_.path()).parent_path() / "bad-demo";
  fs::create_directories(dir);
  for (const char* f : {"wards.geojson", "lsoa.geojson", "postcodes.csv"})
    fs::copy_file(kDemo + "/" + f, dir / f);
  std::ofstream(dir / "imd.csv")
      << "lsoa_code,lsoa_name,imd_rank,imd_decile\nE01004076,Sutton 011A,15853,6\n";
  try {
    load_demo(*db_, dir.string());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("imd.csv: line 2: decile 6 does not match rank 15853"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(read([](store::Tx& tx) { return list_localities(tx); }).empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, PlacesStore, ::testing::Values(Engine::sqlite, Engine::postgresql),
                         [](const auto& info) {
                           return info.param == Engine::sqlite ? "sqlite" : "postgresql";
                         });

}  // namespace
}  // namespace cw::places

namespace cw::places {
namespace {

TEST_P(PlacesStore, a_postcode_finds_its_ward_lsoa_and_deprivation_decile) {
  load_demo(*db_, kDemo);
  auto place = read([](store::Tx& tx) { return find_postcode(tx, "SM1 1AA"); });
  ASSERT_TRUE(place);
  EXPECT_EQ(place->locality_code, "E09000029");
  EXPECT_EQ(place->ward_code, "E05013765");
  ASSERT_TRUE(place->ward_name);
  EXPECT_EQ(place->lsoa_code, "E01004142");
  ASSERT_TRUE(place->imd_rank && place->imd_decile);
  EXPECT_EQ(*place->imd_decile, imd_decile(*place->imd_rank, kImd2019Areas));
  EXPECT_NEAR(place->lat, 51.359723, 1e-6);
  EXPECT_FALSE(read([](store::Tx& tx) { return find_postcode(tx, "SW1A 1AA"); })) << "not in Sutton";
}

}  // namespace
}  // namespace cw::places

namespace cw::places {
namespace {

TEST_P(PlacesStore, every_demo_postcode_point_lies_in_its_own_ward_by_point_in_polygon) {
  load_demo(*db_, kDemo);
  // Postcode centroids and ward boundaries come from different ONS products, so a few postcodes on a
  // boundary may fall just outside their ward; nearly all must agree.
  auto [agree, total] = read([](store::Tx& tx) {
    int agree = 0, total = 0;
    for (const auto& r :
         tx.run("SELECT lon, lat, ward_code FROM postcodes WHERE ward_code IS NOT NULL").rows) {
      auto place = find_point(tx, r.real(0), r.real(1));
      ++total;
      if (place && place->ward_code == r.text(2)) ++agree;
    }
    return std::make_pair(agree, total);
  });
  EXPECT_EQ(total, 3856);
  EXPECT_GE(agree, total * 98 / 100) << agree << " of " << total;
  auto outside = read([](store::Tx& tx) { return find_point(tx, -3.0, 55.0); });
  EXPECT_FALSE(outside) << "Scotland is not in Sutton";
  auto place = read([](store::Tx& tx) { return find_point(tx, -0.193146, 51.359723); });
  ASSERT_TRUE(place);
  EXPECT_EQ(place->locality_code, "E09000029");
  EXPECT_TRUE(place->postcode.empty());
}

TEST_P(PlacesStore, a_stored_boundary_that_cannot_be_read_costs_only_its_own_ward) {
  load_demo(*db_, kDemo);
  // Imports refuse such rows; this one is written by hand, as an older version or an operator might.
  store::in_write(*db_, [](store::Tx& tx) {
    tx.run(
        "INSERT INTO wards (locality_id, code, name, geometry, min_lon, min_lat, max_lon, max_lat) "
        "SELECT id, 'E05099999', 'Broken', $1, 0, 0, 1, 1 FROM localities",
        std::string(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]})"));
  });
  auto place = read([](store::Tx& tx) { return find_point(tx, -0.193146, 51.359723); });
  ASSERT_TRUE(place) << "the other wards still answer";
  EXPECT_EQ(place->locality_code, "E09000029");
  EXPECT_TRUE(place->ward_code);
}

}  // namespace
}  // namespace cw::places

namespace cw::places {
namespace {

// Writes `lines` as a CSV in the test's folder and returns its path.
std::string write_file(const store::testing::TempSqlite& sqlite, const std::string& name,
                       const std::string& text) {
  auto path = std::filesystem::path(sqlite.path()).parent_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

constexpr const char* kPostcodeHeader =
    "pcds,lat,long,east1m,north1m,pqi,oslaua,osward,lsoa11,lsoa21,doterm\n";

TEST_P(PlacesStore, import_geo_takes_wards_alone_or_with_postcodes_and_refuses_bad_files_whole) {
  GeoImport base{.locality_code = "E09000029", .name = "Sutton (test)", .wards = kDemo + "/wards.geojson"};
  EXPECT_EQ(import_geo(*db_, base), "Loaded Sutton (test): 20 wards, 0 LSOAs, 0 postcodes");

  auto expect_refused = [&](GeoImport in, const std::string& message) {
    try {
      import_geo(*db_, in);
      ADD_FAILURE() << "expected: " << message;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
    auto counts = read([](store::Tx& tx) { return count_rows(tx, list_localities(tx).front().id); });
    EXPECT_EQ(counts.wards, 20) << "a refused import leaves the locality as it was";
    EXPECT_EQ(counts.postcodes, 0);
  };
  auto twice = base;
  twice.postcodes = write_file(sqlite_, "twice.csv",
                               std::string(kPostcodeHeader) +
                                   "SM1 1AA,51.35,-0.19,0,0,10,E09000029,E05013765,,,\n"
                                   "sm11aa,51.35,-0.19,0,0,10,E09000029,E05013765,,,\n");
  expect_refused(twice, "line 3: SM1 1AA is listed twice (first on line 2)");
  auto stranger = base;
  stranger.postcodes =
      write_file(sqlite_, "stranger.csv",
                 std::string(kPostcodeHeader) + "SM1 1AA,51.35,-0.19,0,0,10,E09000029,E05099999,,,\n");
  expect_refused(stranger, "line 2: ward E05099999 is not in the wards file");
  auto elsewhere = base;
  elsewhere.locality_code = "E09000008";
  expect_refused(elsewhere, "the wards are in E09000029, not E09000008");
  auto bad_json = base;
  bad_json.wards =
      write_file(sqlite_, "bad.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature",
    "properties":{"ward_code":"E05013754","ward_name":"X","lad_code":"E09000029","lad_name":"Sutton"},
    "geometry":{"type":"Point","coordinates":[0,0]}}]})");
  expect_refused(bad_json, "feature 1");
  auto ward_file = [&](const std::string& name, const std::string& features) {
    auto in = base;
    in.wards = write_file(sqlite_, name, R"({"type":"FeatureCollection","features":[)" + features + "]}");
    return in;
  };
  auto ward = [](const std::string& code, const std::string& ring) {
    return R"({"type":"Feature","properties":{"ward_code":")" + code +
           R"(","ward_name":"X","lad_code":"E09000029","lad_name":"Sutton"},)"
           R"("geometry":{"type":"Polygon","coordinates":[)" +
           ring + "]}}";
  };
  const std::string square = "[[0,0],[1,0],[1,1],[0,1],[0,0]]";
  expect_refused(ward_file("syntax.geojson", ward("E05013754", square) + ",\n{oops}"),
                 "syntax.geojson: not valid JSON: [json.exception.parse_error.101] parse error at line 2");
  expect_refused(ward_file("open.geojson", ward("E05013754", "[[0,0],[1,0],[1,1],[0,1]]")),
                 "open.geojson: feature 1: geometry: a ring must end where it starts");
  expect_refused(ward_file("twice.geojson", ward("E05013754", square) + "," + ward("E05013754", square)),
                 "twice.geojson: feature 2: ward_code E05013754 is listed twice (first as feature 1)");
  auto no_features = base;
  no_features.wards = write_file(sqlite_, "empty.geojson", R"({"type":"FeatureCollection"})");
  expect_refused(no_features, "empty.geojson: not a GeoJSON FeatureCollection");

  auto with_lsoas = base;
  with_lsoas.imd = write_file(sqlite_, "imd.csv",
                              "lsoa_code,lsoa_name,imd_rank,imd_decile\nE01004076,Sutton 011A,15853,5\n");
  auto lsoa_file = [&](const std::string& name, const std::string& properties, const std::string& ring) {
    auto in = with_lsoas;
    in.lsoa =
        write_file(sqlite_, name,
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":)" + properties +
                       R"(,"geometry":{"type":"Polygon","coordinates":[)" + ring + "]}}]}");
    return in;
  };
  expect_refused(lsoa_file("nocode.geojson", R"({"lsoa_name":"Sutton 011A"})", square),
                 "nocode.geojson: feature 1: no lsoa_code");
  expect_refused(lsoa_file("unknown.geojson", R"({"lsoa_code":"E01009999"})", square),
                 "unknown.geojson: feature 1: LSOA E01009999 is not in the IMD file");
  expect_refused(lsoa_file("short.geojson", R"({"lsoa_code":"E01004076"})", "[[0,0],[1,0],[0,0]]"),
                 "short.geojson: feature 1: geometry: a ring needs at least four positions");

  auto with_postcodes = base;
  with_postcodes.postcodes = kDemo + "/postcodes.csv";
  EXPECT_EQ(import_geo(*db_, with_postcodes), "Loaded Sutton (test): 20 wards, 0 LSOAs, 3856 postcodes");
}

TEST_P(PlacesStore, an_imd_file_with_a_population_column_gives_each_lsoa_and_the_ward_its_population) {
  GeoImport in{.locality_code = "E09000029", .name = "Sutton", .wards = kDemo + "/wards.geojson"};
  in.imd = write_file(sqlite_, "imd_population.csv",
                      "lsoa_code,lsoa_name,imd_rank,imd_decile,population\n"
                      "E01004076,Sutton 011A,15853,5,1520\n"
                      "E01004077,Sutton 011B,20472,7,1634\n");
  in.postcodes = write_file(sqlite_, "two.csv",
                            std::string(kPostcodeHeader) +
                                "SM1 1AA,51.35,-0.19,0,0,10,E09000029,E05013765,E01004076,,\n"
                                "SM1 1AB,51.35,-0.19,0,0,10,E09000029,E05013765,E01004077,,\n");
  EXPECT_EQ(import_geo(*db_, in), "Loaded Sutton: 20 wards, 2 LSOAs, 2 postcodes");
  auto lsoas =
      read([](store::Tx& tx) { return ward_lsoas(tx, list_localities(tx).front().id, "E05013765"); });
  ASSERT_EQ(lsoas.size(), 2u);
  EXPECT_EQ(lsoas[0].population, 1520);
  EXPECT_EQ(lsoas[1].population, 1634);

  in.imd =
      write_file(sqlite_, "imd_negative.csv",
                 "lsoa_code,lsoa_name,imd_rank,imd_decile,population\nE01004076,Sutton 011A,15853,5,-4\n");
  in.postcodes.clear();
  try {
    import_geo(*db_, in);
    ADD_FAILURE() << "a negative population was taken";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("imd_negative.csv: line 2: a population cannot be negative"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace cw::places
