// A page's own work, without the network: the request pipeline (routing, SQL, view model, rendering,
// headers) called in-process on the demo locality; the same page with a session, and whole sign-ins. Steadier
// than wrk for comparing changes to rendering, because nothing else shares the measurement; `bench/run`
// prints both.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>

#include "app/runtime.h"
#include "modules/accounts/secrets.h"
#include "modules/accounts/service.h"
#include "modules/accounts/store.h"
#include "modules/places/demo.h"
#include "web/auth.h"

namespace {

using namespace cw;

struct DemoSite {
  std::filesystem::path dir;
  static constexpr const char* kEmail = "bench@example.org";
  static constexpr const char* kPassword = "walrus kettle lantern";
  FixedClock clock{1'700'000'000'000'000};
  std::unique_ptr<app::Runtime> runtime;
  html::Views views;
  std::string session_cookie;

  DemoSite() {
    dir = std::filesystem::temp_directory_path() / ("cw-page-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    app::RuntimeOptions options;
    options.db_url = "sqlite:" + (dir / "bench.db").string();
    options.port = 0;
    options.log_requests = false;
    options.static_dir = std::string(CW_SOURCE_DIR) + "/web/static";
    runtime = std::make_unique<app::Runtime>(options, clock);
    places::load_demo(runtime->db(), std::string(CW_SOURCE_DIR) + "/data/demo");
    // One person with a password at the production cost, and one live session of theirs.
    store::in_write(runtime->db(), [&](store::Tx& tx) {
      auto id = accounts::insert_user(tx, kEmail, accounts::hash_password(kPassword), "Bench Person", "",
                                      clock.now());
      accounts::set_email_confirmed(tx, id, clock.now());
    });
    session_cookie = service().sign_in({kEmail, kPassword, "127.0.0.1", "bench"}).cookie_value;
  }
  accounts::AccountService service() {
    return accounts::AccountService(runtime->db(), views, clock, "http://localhost");
  }
  ~DemoSite() {
    runtime.reset();
    std::filesystem::remove_all(dir);
  }
};

DemoSite& site() {
  static DemoSite s;
  return s;
}

void get_page(benchmark::State& state, const char* target, bool signed_in) {
  auto& app = site().runtime->app();
  std::size_t bytes = 0;
  web::Headers headers{{"Accept", "text/html"}};
  if (signed_in) headers.emplace("Cookie", web::session_cookie_name(false) + "=" + site().session_cookie);
  for (auto _ : state) {
    auto req = web::build_request("GET", target, headers, {}, "127.0.0.1");
    auto res = app.handle(req);
    if (res.status != 200) state.SkipWithError("page did not answer 200");
    bytes = res.body.size();
    benchmark::DoNotOptimize(res);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

// A whole sign-in: argon2id verification at the production cost plus writing the session.
void sign_in(benchmark::State& state) {
  auto service = site().service();
  for (auto _ : state)
    benchmark::DoNotOptimize(service.sign_in({DemoSite::kEmail, DemoSite::kPassword, "127.0.0.1", "bench"}));
  state.counters["sign_ins_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

// CW_PAGE_BENCH_ITERATIONS=n runs each page exactly n times, for instruction counts under callgrind
// (`valgrind --tool=callgrind --toggle-collect='*WebApp::handle*' …`), which the noise of a shared
// machine does not move.
int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const char* fixed = std::getenv("CW_PAGE_BENCH_ITERATIONS");
  site();  // load the demo before any timing
  struct Page {
    const char* name;
    const char* target;
    bool signed_in;
  };
  // The ward page twice, without and with a session: the difference is the cost of looking one up.
  for (auto [name, target, signed_in] : {Page{"healthz", "/healthz", false},
                                         {"home_page", "/", false},
                                         {"ward_page", "/places/E09000029/wards/E05013754", false},
                                         {"ward_page_signed_in", "/places/E09000029/wards/E05013754", true},
                                         {"places_page", "/places", false}}) {
    auto* b = benchmark::RegisterBenchmark(name, get_page, target, signed_in)->Unit(benchmark::kMicrosecond);
    if (fixed) b->Iterations(std::atoll(fixed));
  }
  benchmark::RegisterBenchmark("sign_in", sign_in)->Unit(benchmark::kMillisecond)->UseRealTime();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
