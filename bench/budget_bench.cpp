// From the close to published results for a generated 100,000-voter participatory budget on SQLite
// (issue 19 asks for under 2 s): seal the box, read the ballots, count Equal Shares with add1 and greedy
// beside it, explain the count, keep it, then render the results page and the fairness report. Casting
// the ballots (through the ballot box, as voting does) is setup and not timed.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>

#include "app/runtime.h"
#include "modules/ballots/ballot_box.h"
#include "modules/budgeting/service.h"
#include "modules/budgeting/store.h"
#include "modules/places/demo.h"
#include "modules/places/overview.h"

namespace {

using namespace cw;

constexpr Micros kDay = 86'400'000'000;
constexpr Micros kNow = 1'700'000'000'000'000;
constexpr int kVoters = 100'000;
constexpr int kProjects = 160;

struct BudgetSite {
  std::filesystem::path dir;
  FixedClock clock{kNow};
  std::unique_ptr<app::Runtime> runtime;
  std::int64_t process_id = 0;

  BudgetSite() {
    dir = std::filesystem::temp_directory_path() / ("cw-budget-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    app::RuntimeOptions options;
    options.db_url = "sqlite:" + (dir / "bench.db").string();
    options.port = 0;
    options.log_requests = false;
    options.run_jobs = false;
    options.static_dir = std::string(CW_SOURCE_DIR) + "/web/static";
    runtime = std::make_unique<app::Runtime>(options, clock);
    places::load_demo(runtime->db(), std::string(CW_SOURCE_DIR) + "/data/demo");
    process_id = open_process();
    cast_ballots();
  }
  ~BudgetSite() {
    runtime.reset();
    std::filesystem::remove_all(dir);
  }

  // Voting opened 10 days ago and closes tomorrow; 160 projects costing £5,000 to £500,000, pot £10 m.
  std::int64_t open_process() {
    return store::in_write(runtime->db(), [&](store::Tx& tx) {
      auto locality = places::locality_refs(tx).at(0).id;
      budgeting::Process p{.locality_id = locality, .title = "City budget"};
      p.rules = {.pot = 1'000'000'000, .rule = budgeting::Rule::equal_shares, .min_projects = 1};
      for (std::size_t i = 0; i < p.starts.size(); ++i)
        p.starts[i] = kNow + (static_cast<Micros>(i) - 3) * 10 * kDay;
      p.starts[4] = kNow + kDay;
      p.created_at = p.updated_at = kNow;
      auto id = budgeting::insert_process(tx, p);
      std::mt19937_64 random(19);
      std::uniform_real_distribution<double> unit(0, 1);
      for (int i = 0; i < kProjects; ++i)
        budgeting::insert_project(
            tx,
            {.process_id = id,
             .title = "Project " + std::to_string(i + 1),
             .cost = static_cast<std::int64_t>(std::round(5000 * std::pow(100.0, unit(random)))) * 100},
            kNow);
      return id;
    });
  }

  // Each voter approves 1 to 10 projects, popular ones (by a falling weight) more often.
  void cast_ballots() {
    auto projects = store::in_read(runtime->db(),
                                   [&](store::Tx& tx) { return budgeting::list_projects(tx, process_id); });
    std::vector<double> weights;
    for (int i = 0; i < kProjects; ++i) weights.push_back(1.0 / std::pow(i + 1.0, 0.9));
    std::discrete_distribution<int> popular(weights.begin(), weights.end());
    std::mt19937_64 random(2027);
    constexpr int kPerTransaction = 5'000;
    for (int start = 0; start < kVoters; start += kPerTransaction)
      store::in_write(runtime->db(), [&](store::Tx& tx) {
        for (int v = start; v < start + kPerTransaction; ++v) {
          budgeting::Ballot b;
          auto& chosen = b.projects;
          auto length = 1 + random() % 10;
          while (chosen.size() < length) {
            auto id = projects[static_cast<std::size_t>(popular(random))].id;
            if (std::find(chosen.begin(), chosen.end(), id) == chosen.end()) chosen.push_back(id);
          }
          std::sort(chosen.begin(), chosen.end());
          ballots::cast(tx, budgeting::box_of(process_id), v + 1, budgeting::ballot_text(b), kNow,
                        {"", static_cast<int>(1 + random() % 10)});
        }
      });
  }
};

void close_to_results(benchmark::State& state) {
  BudgetSite site;
  auto after_close = kNow + 2 * kDay;
  site.clock.set(after_close);
  auto& app = site.runtime->app();
  auto path = "/budgets/" + std::to_string(site.process_id);
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    if (!budgeting::close_and_count(site.runtime->db(), site.process_id, after_close))
      state.SkipWithError("the close was not counted");
    auto counted = std::chrono::steady_clock::now();
    for (const auto& page : {path + "/results", path + "/fairness"}) {
      auto req = web::build_request("GET", page, {{"Accept", "text/html"}}, {}, "127.0.0.1");
      auto res = app.handle(req);
      if (res.status != 200) state.SkipWithError(("the page did not answer 200: " + page).c_str());
    }
    auto rendered = std::chrono::steady_clock::now();
    state.counters["count_ms"] = std::chrono::duration<double, std::milli>(counted - start).count();
    state.counters["pages_ms"] = std::chrono::duration<double, std::milli>(rendered - counted).count();
    auto kept = store::in_read(site.runtime->db(),
                               [&](store::Tx& tx) { return budgeting::find_results(tx, site.process_id); });
    state.counters["add1_steps"] = kept ? static_cast<double>(kept->explanation.raises) : -1;
    state.counters["funded"] = kept ? static_cast<double>(kept->selected.size()) : -1;
  }
}

}  // namespace

BENCHMARK(close_to_results)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_MAIN();
