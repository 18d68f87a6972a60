// Places and the asset register under load, on SQLite and PostgreSQL: map bounding-box queries over a
// million generated assets (p50/p99 per query), postcode lookups and point-in-polygon lookups per second
// on the demo locality. `bench/run` prints these with the other programs; a table in milliseconds ends it.
#include <benchmark/benchmark.h>

#include <libpq-fe.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/modules.h"
#include "geo/areas.h"
#include "modules/assets/store.h"
#include "modules/places/demo.h"
#include "modules/places/lookup.h"
#include "modules/places/places.h"
#include "modules/places/store.h"
#include "store/migrate.h"
#include "store/tests/pg_harness.h"

namespace {

using namespace cw;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Roughly Greater London. Assets are spread uniformly: the windows then hold a predictable number of
// assets (~370 per km²), so p99 reflects the engine rather than where a cluster happened to fall.
constexpr double kMinLon = -0.51, kMaxLon = 0.33, kMinLat = 51.28, kMaxLat = 51.69;
constexpr std::int64_t kAssets = 1'000'000;
constexpr std::uint64_t kSeed = 20261123;
// Bumped whenever the generated rows change, so a cached SQLite file from an older generator is not reused.
constexpr int kGeneratorVersion = 1;
// Kilometres per degree at London's latitude.
constexpr double kKmPerDegLat = 111.2;
const double kKmPerDegLon = 111.32 * std::cos(51.5 * std::numbers::pi / 180.0);

// Deterministic doubles in [0, 1) from a fixed-seed engine, the same on every standard library (unlike
// std::uniform_real_distribution), so both engines and every run see the same assets and windows.
struct Random {
  std::mt19937_64 engine;
  explicit Random(std::uint64_t seed) : engine(seed) {}
  double unit() { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }
  double between(double lo, double hi) { return lo + (hi - lo) * unit(); }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(engine() % n); }
};

// ---------------------------------------------------------------------------------------------------------
// A million assets, inserted straight into the product's `assets` table so the R*Tree triggers (SQLite)
// and the GiST index (PostgreSQL) are maintained exactly as the register maintains them.

struct HardKind {
  const char* kind;
  std::vector<const char*> categories;
};
const std::vector<HardKind>& hard_kinds() {
  static const std::vector<HardKind> kinds{
      {"building", {"community_centre", "library", "pub", "shop"}},
      {"land", {"other"}},
      {"open_space", {"park", "allotment"}},
      {"facility", {"play", "other"}},
  };
  return kinds;
}

constexpr int kColumns = 10;
constexpr int kBatchRows = 500;  // 5,000 parameters a statement: under both engines' limits

std::string insert_sql(int rows) {
  std::string sql =
      "INSERT INTO assets (locality_id, kind, category, name, lat, lon, ward_code, status, created_at, "
      "updated_at) VALUES ";
  for (int r = 0; r < rows; ++r) {
    sql += r ? ",(" : "(";
    for (int c = 0; c < kColumns; ++c) sql += fmt::format("{}${}", c ? "," : "", r * kColumns + c + 1);
    sql += ")";
  }
  return sql;
}

// Inserts kAssets assets of one new locality in one transaction. Returns the seconds it took.
double generate_assets(store::Db& db) {
  auto start = Clock::now();
  store::in_write(db, [&](store::Tx& tx) {
    // With the default 2 MB page cache SQLite spills the R*Tree's dirty pages to disk mid-transaction,
    // which more than doubles the load; this connection is closed once the file is written.
    if (tx.engine() == store::Engine::sqlite) tx.exec_script("PRAGMA cache_size = -1000000");
    auto locality = places::upsert_locality(tx, {0, "E12000007", "Greater London", ""});
    Random rnd(kSeed);
    const std::string full = insert_sql(kBatchRows);
    std::vector<store::Value> params;
    params.reserve(kBatchRows * kColumns);
    constexpr std::int64_t kCreated = 1'780'000'000'000'000;
    for (std::int64_t i = 0; i < kAssets; ++i) {
      const auto& hk = hard_kinds()[rnd.below(hard_kinds().size())];
      const char* category = hk.categories[rnd.below(hk.categories.size())];
      double lon = rnd.between(kMinLon, kMaxLon), lat = rnd.between(kMinLat, kMaxLat);
      // A ward code per ~1.7 km cell (~950 of them; London has ~680 wards), as wide as real codes.
      int cell = static_cast<int>((lon - kMinLon) / 0.025) * 100 + static_cast<int>((lat - kMinLat) / 0.015);
      double s = rnd.unit();
      const char* status = s < 0.94 ? "published" : s < 0.98 ? "hidden" : "removed";
      params.insert(
          params.end(),
          {locality, std::string(hk.kind), std::string(category), fmt::format("{} {}", category, i + 1), lat,
           lon, fmt::format("E05{:06}", 9000 + cell), std::string(status), kCreated + i, kCreated + i});
      if (params.size() == static_cast<std::size_t>(kBatchRows * kColumns)) {
        tx.exec(full, params);
        params.clear();
      }
    }
    if (!params.empty()) tx.exec(insert_sql(static_cast<int>(params.size() / kColumns)), params);
  });
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Settles the loaded table as autovacuum would in the background, so that work does not land inside the
// measurements. VACUUM cannot run inside a transaction, which every store::Tx is, hence libpq directly.
// Returns the seconds it took.
double vacuum_analyze(const std::string& url) {
  auto start = Clock::now();
  PGconn* conn = PQconnectdb(url.c_str());
  PGresult* res = PQexec(conn, "VACUUM ANALYZE assets");
  std::string error = PQresultStatus(res) == PGRES_COMMAND_OK ? "" : PQerrorMessage(conn);
  PQclear(res);
  PQfinish(conn);
  if (!error.empty()) throw std::runtime_error("VACUUM ANALYZE assets failed: " + error);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::unique_ptr<store::Db> open_migrated(const std::string& url) {
  auto db = store::Db::open(url);
  store::migrate(*db, app::all_migrations(db->engine()));
  return db;
}

// The SQLite file is kept under the build directory, named by what determines its contents (the
// migrations, the generator, the count and seed), so later runs skip the minute of generation.
std::string cached_sqlite_path() {
  std::string key = fmt::format("{}/{}/{}", kGeneratorVersion, kAssets, kSeed);
  for (const auto& m : app::all_migrations(store::Engine::sqlite)) key += m.module + m.name + m.sql;
  fs::path dir = fs::path(CW_BINARY_DIR) / "bench-data";
  fs::create_directories(dir);
  return (dir / fmt::format("assets-{}-{:016x}.sqlite", kAssets, std::hash<std::string>{}(key))).string();
}

struct Setup {
  std::string what;
  double seconds = 0;
};
std::vector<Setup>& setups() {
  static std::vector<Setup> s;
  return s;
}

store::Db& assets_db(store::Engine engine) {
  static std::map<store::Engine, std::unique_ptr<store::Db>> dbs;
  auto& db = dbs[engine];
  if (db) return *db;
  if (engine == store::Engine::sqlite) {
    auto path = cached_sqlite_path();
    if (!fs::exists(path)) {
      // Generated under a temporary name and renamed once closed, so an interrupted run leaves no half file.
      // Files of older migrations or generators are only dead weight (~200 MB each).
      for (const auto& f : fs::directory_iterator(fs::path(path).parent_path()))
        if (f.path().filename().string().starts_with(fmt::format("assets-{}-", kAssets)))
          fs::remove(f.path());
      auto tmp = path + ".part";
      fs::remove(tmp);
      fs::remove(tmp + "-wal");
      fs::remove(tmp + "-shm");
      {
        auto gen = open_migrated("sqlite:" + tmp);
        setups().push_back(
            {"SQLite: insert 1,000,000 assets (R*Tree by trigger), one transaction", generate_assets(*gen)});
      }
      fs::rename(tmp, path);
    } else {
      setups().push_back({"SQLite: 1,000,000 assets reused from " + path, 0});
    }
    db = open_migrated("sqlite:" + path);
  } else {
    auto url = store::testing::TempPostgres::shared().fresh_database_url();
    db = open_migrated(url);
    setups().push_back(
        {"PostgreSQL: insert 1,000,000 assets (GiST, two B-trees), one transaction", generate_assets(*db)});
    setups().push_back({"PostgreSQL: VACUUM ANALYZE assets", vacuum_analyze(url)});
  }
  return *db;
}

// ---------------------------------------------------------------------------------------------------------
// Map windows at random positions inside the generated area, each answered as the GeoJSON API answers it
// (a read transaction, published assets only, at most 5,001 rows ordered by id).

struct Window {
  const char* name;
  double width_km, height_km;
};

struct Latencies {
  double p50_ms = 0, p99_ms = 0, mean_ms = 0, max_ms = 0, mean_results = 0;
  std::int64_t queries = 0;
};
std::map<std::string, Latencies>& latency_table() {
  static std::map<std::string, Latencies> t;
  return t;
}

const char* engine_name(store::Engine e) {
  return e == store::Engine::sqlite ? "SQLite" : "PostgreSQL";
}

void bbox_query(benchmark::State& state, store::Engine engine, Window window) {
  auto& db = assets_db(engine);
  const double w = window.width_km / kKmPerDegLon, h = window.height_km / kKmPerDegLat;
  Random rnd(kSeed + 1);
  std::vector<double> ms;
  std::int64_t results = 0;
  for (auto _ : state) {
    assets::BBoxQuery q;
    q.min_lon = rnd.between(kMinLon, kMaxLon - w);
    q.min_lat = rnd.between(kMinLat, kMaxLat - h);
    q.max_lon = q.min_lon + w;
    q.max_lat = q.min_lat + h;
    q.limit = 5001;  // the API asks one more than it shows, to know when it truncated
    auto t0 = Clock::now();
    auto points = store::in_read(db, [&](store::Tx& tx) { return assets::assets_in_bbox(tx, q); });
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    results += static_cast<std::int64_t>(points.size());
    benchmark::DoNotOptimize(points);
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))]; };
  Latencies l;
  l.queries = static_cast<std::int64_t>(ms.size());
  l.p50_ms = at(0.50);
  l.p99_ms = at(0.99);
  l.max_ms = ms.back();
  for (double m : ms) l.mean_ms += m / ms.size();
  l.mean_results = static_cast<double>(results) / ms.size();
  latency_table()[fmt::format("{} | {}", engine_name(engine), window.name)] = l;
  // In microseconds: Google Benchmark prints fractions with SI prefixes (0.8 ms would read "800m").
  state.counters["p50_us"] = l.p50_ms * 1000;
  state.counters["p99_us"] = l.p99_ms * 1000;
  state.counters["results"] = l.mean_results;
}

// ---------------------------------------------------------------------------------------------------------
// The demo locality (Sutton) on each engine, for postcode and point lookups.

store::Db& demo_db(store::Engine engine) {
  static std::map<store::Engine, std::unique_ptr<store::Db>> dbs;
  static std::string sqlite_dir;
  auto& db = dbs[engine];
  if (db) return *db;
  std::string url;
  if (engine == store::Engine::sqlite) {
    sqlite_dir = (fs::temp_directory_path() / fmt::format("cw-assets-bench-{}", ::getpid())).string();
    fs::create_directories(sqlite_dir);
    std::atexit([] { fs::remove_all(sqlite_dir); });
    url = "sqlite:" + sqlite_dir + "/demo.db";
  } else {
    url = store::testing::TempPostgres::shared().fresh_database_url();
  }
  db = open_migrated(url);
  places::load_demo(*db, std::string(CW_SOURCE_DIR) + "/data/demo");
  return *db;
}

// How people type postcodes into a search box: as printed, in lower case, without the space, with extra
// spaces. Every demo postcode in each form, shuffled.
const std::vector<std::string>& typed_postcodes() {
  static const std::vector<std::string> typed = [] {
    std::ifstream in(std::string(CW_SOURCE_DIR) + "/data/demo/postcodes.csv");
    std::string line;
    std::getline(in, line);  // header; pcds is the first column
    std::vector<std::string> out;
    while (std::getline(in, line)) {
      std::string pc = line.substr(0, line.find(','));
      std::string lower = pc, bare;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (char c : lower)
        if (c != ' ') bare += c;
      out.insert(out.end(), {pc, lower, bare,
                             "  " + pc.substr(0, pc.find(' ')) + "   " + pc.substr(pc.find(' ') + 1) + " "});
    }
    std::mt19937_64 g(kSeed);
    std::shuffle(out.begin(), out.end(), g);
    return out;
  }();
  return typed;
}

void postcode_lookup(benchmark::State& state, store::Engine engine) {
  auto& db = demo_db(engine);
  const auto& typed = typed_postcodes();
  std::size_t i = 0, found = 0;
  for (auto _ : state) {
    auto normal = places::normalise_postcode(typed[i++ % typed.size()]);
    if (!normal) {
      state.SkipWithError("a demo postcode did not normalise");
      break;
    }
    auto place = store::in_read(db, [&](store::Tx& tx) { return places::find_postcode(tx, *normal); });
    found += place.has_value();
    benchmark::DoNotOptimize(place);
  }
  if (found != static_cast<std::size_t>(state.iterations()))
    state.SkipWithError("a demo postcode was not found");
  state.counters["lookups_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// Sutton's bounding box, from the demo ward boundaries, and those boundaries as a pure index.
struct Sutton {
  places::BBox box{180, 90, -180, -90};
  geo::AreaIndex wards;
};
const Sutton& sutton() {
  static const Sutton s = [] {
    Sutton s;
    std::ifstream in(std::string(CW_SOURCE_DIR) + "/data/demo/wards.geojson");
    auto doc = nlohmann::json::parse(in);
    std::function<void(const nlohmann::json&)> extend = [&](const nlohmann::json& coords) {
      if (coords.is_array() && coords.size() >= 2 && coords[0].is_number()) {
        double lon = coords[0], lat = coords[1];
        s.box = {std::min(s.box.min_lon, lon), std::min(s.box.min_lat, lat), std::max(s.box.max_lon, lon),
                 std::max(s.box.max_lat, lat)};
        return;
      }
      for (const auto& c : coords) extend(c);
    };
    for (const auto& f : doc["features"]) {
      s.wards.add(f["properties"]["ward_code"].get<std::string>(), f["geometry"]);
      extend(f["geometry"]["coordinates"]);
    }
    return s;
  }();
  return s;
}

std::vector<std::pair<double, double>> sutton_points() {
  const auto& b = sutton().box;
  Random rnd(kSeed + 2);
  std::vector<std::pair<double, double>> points(4096);
  for (auto& [lon, lat] : points) {
    lon = rnd.between(b.min_lon, b.max_lon);
    lat = rnd.between(b.min_lat, b.max_lat);
  }
  return points;
}

void point_lookup(benchmark::State& state, store::Engine engine) {
  auto& db = demo_db(engine);
  auto points = sutton_points();
  std::size_t i = 0, inside = 0;
  for (auto _ : state) {
    auto [lon, lat] = points[i++ % points.size()];
    auto place = store::in_read(db, [&](store::Tx& tx) { return places::find_point(tx, lon, lat); });
    inside += place.has_value();
    benchmark::DoNotOptimize(place);
  }
  state.counters["lookups_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["inside"] = static_cast<double>(inside) / static_cast<double>(state.iterations());
}

void area_index_find(benchmark::State& state) {
  const auto& index = sutton().wards;
  auto points = sutton_points();
  std::size_t i = 0, inside = 0;
  for (auto _ : state) {
    auto [lon, lat] = points[i++ % points.size()];
    auto ward = index.find(lon, lat);
    inside += ward.has_value();
    benchmark::DoNotOptimize(ward);
  }
  state.counters["lookups_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["inside"] = static_cast<double>(inside) / static_cast<double>(state.iterations());
}

void print_summary() {
  std::printf("\nSetup:\n");
  for (const auto& s : setups())
    if (s.seconds > 0)
      std::printf("  %s: %.1f s\n", s.what.c_str(), s.seconds);
    else
      std::printf("  %s\n", s.what.c_str());
  std::printf("\n| engine | window | queries | p50 ms | p99 ms | mean ms | max ms | mean results |\n");
  std::printf("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (const auto& [name, l] : latency_table())
    std::printf("| %s | %lld | %.2f | %.2f | %.2f | %.2f | %.0f |\n", name.c_str(),
                static_cast<long long>(l.queries), l.p50_ms, l.p99_ms, l.mean_ms, l.max_ms, l.mean_results);
}

}  // namespace

// CW_ASSETS_BENCH_PG=0 leaves PostgreSQL out (no server to start, e.g. while working on the SQLite side).
int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<store::Engine> engines{store::Engine::sqlite};
  if (const char* pg = std::getenv("CW_ASSETS_BENCH_PG"); !pg || std::string(pg) != "0")
    engines.push_back(store::Engine::postgresql);
  // A map window on a phone or laptop at street level, and a whole town; fixed query counts so the
  // percentiles rest on the same number of samples every run.
  const Window street{"1.5 km x 1 km", 1.5, 1.0}, town{"5 km x 5 km", 5.0, 5.0};
  for (auto engine : engines) {
    std::string e = engine == store::Engine::sqlite ? "sqlite" : "pg";
    benchmark::RegisterBenchmark(("bbox_street/" + e).c_str(), bbox_query, engine, street)
        ->Iterations(2000)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("bbox_town/" + e).c_str(), bbox_query, engine, town)
        ->Iterations(300)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("postcode_lookup/" + e).c_str(), postcode_lookup, engine)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("find_point/" + e).c_str(), point_lookup, engine)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
  }
  benchmark::RegisterBenchmark("area_index_find", area_index_find)
      ->Unit(benchmark::kMicrosecond)
      ->UseRealTime();
  // Generate or load everything before the first timing, so no benchmark is charged for set-up.
  for (auto engine : engines) {
    assets_db(engine);
    demo_db(engine);
  }
  sutton();
  benchmark::RunSpecifiedBenchmarks();
  print_summary();
  benchmark::Shutdown();
  if (engines.size() > 1) store::testing::TempPostgres::shared().stop();
}
