// A page's own work, without the network: the request pipeline (routing, SQL, view model, rendering,
// headers) called in-process on the demo locality. Steadier than wrk for comparing changes to rendering,
// because nothing else shares the measurement; `bench/run` prints both.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>

#include "app/runtime.h"
#include "modules/places/demo.h"

namespace {

using namespace cw;

struct DemoSite {
  std::filesystem::path dir;
  FixedClock clock{1'700'000'000'000'000};
  std::unique_ptr<app::Runtime> runtime;

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

void get_page(benchmark::State& state, const char* target) {
  auto& app = site().runtime->app();
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto req = web::build_request("GET", target, {{"Accept", "text/html"}}, {}, "127.0.0.1");
    auto res = app.handle(req);
    if (res.status != 200) state.SkipWithError("page did not answer 200");
    bytes = res.body.size();
    benchmark::DoNotOptimize(res);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

}  // namespace

// CW_PAGE_BENCH_ITERATIONS=n runs each page exactly n times, for instruction counts under callgrind
// (`valgrind --tool=callgrind --toggle-collect='*WebApp::handle*' …`), which the noise of a shared
// machine does not move.
int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const char* fixed = std::getenv("CW_PAGE_BENCH_ITERATIONS");
  site();  // load the demo before any timing
  for (auto [name, target] : {std::pair{"healthz", "/healthz"},
                              {"home_page", "/"},
                              {"ward_page", "/places/E09000029/wards/E05013754"},
                              {"places_page", "/places"}}) {
    auto* b = benchmark::RegisterBenchmark(name, get_page, target)->Unit(benchmark::kMicrosecond);
    if (fixed) b->Iterations(std::atoll(fixed));
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
