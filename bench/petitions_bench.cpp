// Petitions under a surge, through the store: confirmed signatures per second with durable commits
// (SQLite synchronous=FULL; PostgreSQL with fsync and synchronous commit on) and many concurrent
// writers, each signature a sign and a confirm through store::GroupCommit as the handlers do it; then the
// tally job's recount over the result. `bench/run` runs it; a table ends the output.
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "app/modules.h"
#include "html/views.h"
#include "modules/petitions/service.h"
#include "modules/petitions/store.h"
#include "store/group_commit.h"
#include "store/migrate.h"
#include "store/statistics.h"
#include "store/tests/pg_harness.h"

namespace {

using namespace cw;
namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

struct Figures {
  double per_second = 0, commands_per_commit = 0, tally_ms = 0;
  std::int64_t signatures = 0;
};
std::map<std::string, Figures>& table() {
  static std::map<std::string, Figures> t;
  return t;
}

std::unique_ptr<store::Db> fresh_db(store::Engine engine, int pool) {
  std::string url;
  if (engine == store::Engine::sqlite) {
    auto dir = fs::path(CW_BINARY_DIR) / "bench-data";
    fs::create_directories(dir);
    auto file = dir / "petitions-bench.db";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
    url = "sqlite:" + file.string();
  } else {
    url = store::testing::TempPostgres::shared().fresh_database_url();
  }
  auto db = store::Db::open(url, pool);
  store::migrate(*db, app::all_migrations(db->engine()));
  return db;
}

// A site that has been running a while: an earlier petition, closed, with 20,000 signatures, and the
// statistics gathered. (PostgreSQL keeps a connection's plans; planned on near-empty tables they walk
// every row, and the statistics that would replan them come about once a minute.)
std::int64_t add_petition(store::Tx& tx, std::int64_t locality, const std::string& action,
                          const std::string& sponsor_token) {
  return petitions::insert_petition(tx, {.locality_id = locality,
                                         .action = action,
                                         .background = "It matters",
                                         .creator_name = "Cara",
                                         .creator_email = "cara@example.org",
                                         .sponsor_token = sponsor_token,
                                         .created_at = 1});
}

void earlier_petition(store::Tx& tx, std::int64_t locality) {
  auto id = add_petition(tx, locality, "Open the pool on Sundays", "earlier");
  tx.run("UPDATE petitions SET state = 'closed' WHERE id = $1", id);
  tx.run(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
      "INSERT INTO petition_signatures (petition_id, name, name_key, email, email_key, postcode, ward_code, "
      "imd_decile, state, token_hash, created_at, confirmed_at) SELECT $1, 'Earlier', 'earlier', "
      "'e' || i || '@example.org', 'e' || i || '@example.org', 'SM1 1AA', 'E05000001', 1, 'confirmed', "
      "'earlier-' || i, 1, 2 FROM n",
      id);
  tx.exec_script("ANALYZE");
}

// A locality with two wards, two neighbourhoods and two postcodes, and one open petition.
std::pair<std::int64_t, std::int64_t> open_petition(store::Db& db) {
  return store::in_write(db, [](store::Tx& tx) {
    auto here = tx.run("INSERT INTO localities (code, name) VALUES ('E09000029', 'Sutton') RETURNING id")
                    .one()
                    .integer(0);
    tx.run(
        "INSERT INTO wards (locality_id, code, name, geometry, min_lon, min_lat, max_lon, max_lat) VALUES "
        "($1, 'E05000001', 'Ash', '{}', 0, 0, 1, 1), ($1, 'E05000002', 'Beech', '{}', 0, 0, 1, 1)",
        here);
    tx.run(
        "INSERT INTO lsoas (locality_id, code, name, imd_rank, imd_decile, ward_code) VALUES "
        "($1, 'E01000001', 'A', 100, 1, 'E05000001'), ($1, 'E01000002', 'B', 30000, 10, 'E05000002')",
        here);
    tx.run(
        "INSERT INTO postcodes (locality_id, postcode, lat, lon, ward_code, lsoa_code) VALUES "
        "($1, 'SM1 1AA', 51.3, -0.2, 'E05000001', 'E01000001'), ($1, 'SM2 2BB', 51.4, -0.1, 'E05000002', "
        "'E01000002')",
        here);
    auto id = add_petition(tx, here, "Save the library", "bench");
    tx.run("UPDATE petitions SET state = 'open', opened_at = 1, closes_at = $1 WHERE id = $2",
           std::int64_t{4'000'000'000'000'000}, id);
    earlier_petition(tx, here);
    return std::pair(here, id);
  });
}

// Each writer signs and confirms `each` signatures, one after the other, as a browser would; every
// command waits for its durable commit.
void sign_and_confirm(benchmark::State& state, store::Engine engine, int writers, int each) {
  auto db = fresh_db(engine, writers + 2);
  auto [locality, petition] = open_petition(*db);
  html::Views views;
  store::GroupCommit group;
  petitions::SignerPlace ash{"SM1 1AA", "E05000001", 1}, beech{"SM2 2BB", "E05000002", 10};
  for (auto _ : state) {
    auto start = SteadyClock::now();
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int w = 0; w < writers; ++w)
      threads.emplace_back([&, w] {
        for (int i = 0; i < each; ++i) {
          petitions::Command c{nullptr, views, "https://cw.example", "203.0.113.9", 1'800'000'000'000'000};
          // Field by field: GCC 12 at -O3 sees a false maybe-uninitialized in the nested aggregate.
          petitions::SignatureRequest r;
          r.petition_id = petition;
          r.signer.name = "Signer";
          r.signer.email = fmt::format("w{}-{}@example.org", w, i);
          r.signer.declaration = true;
          r.where = (i % 3) ? ash : beech;
          r.signer.postcode = r.where.postcode;
          r.prepared = petitions::prepare_confirmation(c, "Save the library", r.signer.email, r.signer.name);
          try {
            petitions::Signed s;
            group.run(*db, petitions::sign_command(c, r, s));
            petitions::Confirmed done;
            group.run(*db, petitions::confirm_command(c, s.token, done));
          } catch (const std::exception&) {
            ++failures;
          }
        }
      });
    for (auto& t : threads) t.join();
    double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    state.SetIterationTime(seconds);
    auto stats = group.stats();
    Figures f{.per_second = writers * each / seconds,
              .commands_per_commit = static_cast<double>(stats.commands) / static_cast<double>(stats.commits),
              .signatures = writers * each};
    // The tally job first gathers fresh statistics when the table has doubled; not part of the recount.
    store::analyze_if_grown(*db, "petition_signatures");
    auto tally_start = SteadyClock::now();
    petitions::tally(*db, views, "https://cw.example", 0, 2);
    f.tally_ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - tally_start).count();
    auto counted = store::in_read(*db, [&, petition = petition](store::Tx& tx) {
      return petitions::find_petition(tx, petition)->signature_count;
    });
    if (counted != f.signatures || failures.load() != 0)
      state.SkipWithError(
          fmt::format("counted {} of {} ({} failures)", counted, f.signatures, failures.load()).c_str());
    state.counters["confirmed_per_s"] = f.per_second;
    state.counters["commands_per_commit"] = f.commands_per_commit;
    state.counters["tally_ms"] = f.tally_ms;
    table()[fmt::format("{} {} writers", engine == store::Engine::sqlite ? "SQLite" : "PostgreSQL",
                        writers)] = f;
  }
}

void print_summary() {
  std::printf(
      "\n| engine, writers | confirmed signatures | per second | commands per commit | tally (recount) ms "
      "|\n");
  std::printf("| --- | ---: | ---: | ---: | ---: |\n");
  for (const auto& [name, f] : table())
    std::printf("| %s | %lld | %.0f | %.1f | %.1f |\n", name.c_str(), static_cast<long long>(f.signatures),
                f.per_second, f.commands_per_commit, f.tally_ms);
}

}  // namespace

// CW_PETITIONS_BENCH_PG=0 leaves PostgreSQL out. The harness's PostgreSQL runs with fsync and synchronous
// commit here (COMMONWEAL_TEST_PG_DURABLE), because an acknowledged signature must survive a crash.
int main(int argc, char** argv) {
  setenv("COMMONWEAL_TEST_PG_DURABLE", "1", 1);
  benchmark::Initialize(&argc, argv);
  std::vector<store::Engine> engines{store::Engine::sqlite};
  if (const char* pg = std::getenv("CW_PETITIONS_BENCH_PG"); !pg || std::string(pg) != "0")
    engines.push_back(store::Engine::postgresql);
  for (auto engine : engines) {
    std::string e = engine == store::Engine::sqlite ? "sqlite" : "pg";
    for (int writers : {16, 64})
      benchmark::RegisterBenchmark(fmt::format("sign_and_confirm/{}/writers:{}", e, writers).c_str(),
                                   sign_and_confirm, engine, writers, 40000 / writers)
          ->Iterations(1)
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  print_summary();
  benchmark::Shutdown();
  if (engines.size() > 1) store::testing::TempPostgres::shared().stop();
}
