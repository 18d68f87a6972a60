// MES + add1 on the largest real Pabulib file and on a generated city-size approval election (100,000
// voters, 160 projects). Target: < 1 s each, peak memory < 200 MB (reported as the peak_rss_mb counter).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "count/pabulib.h"
#include "count/pb_mes.h"

namespace {

using namespace cw::count;

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// A city: project popularity falls off like Zipf (weight 1/rank^0.9), each voter approves 1-10 projects
// drawn by popularity, costs are log-uniform between 5k and 500k, budget 10 M. Fixed seed; the sampling
// uses only the raw generator so the election is the same with every standard library.
PbProfile city_election(uint32_t voters, uint32_t projects) {
  std::mt19937_64 random(20240601);
  auto uniform = [&] { return static_cast<double>(random() >> 11) * 0x1.0p-53; };
  std::vector<std::string> ids;
  std::vector<mpq_class> costs;
  std::vector<double> cumulative_weight;
  double total = 0;
  for (uint32_t p = 0; p < projects; ++p) {
    ids.push_back("P" + std::to_string(p + 1));
    costs.push_back(mpq_class(static_cast<long>(std::round(5000 * std::pow(100.0, uniform()) / 100) * 100)));
    total += 1.0 / std::pow(p + 1.0, 0.9);
    cumulative_weight.push_back(total);
  }
  std::vector<PbVote> votes(voters);
  for (PbVote& vote : votes) {
    size_t length = 1 + random() % 10;
    while (vote.projects.size() < length) {
      double x = uniform() * total;
      auto p = static_cast<uint32_t>(std::lower_bound(cumulative_weight.begin(), cumulative_weight.end(), x) -
                                     cumulative_weight.begin());
      if (p >= projects) p = projects - 1;
      if (std::find(vote.projects.begin(), vote.projects.end(), p) == vote.projects.end())
        vote.projects.push_back(p);
    }
  }
  return make_profile(ids, costs, mpq_class(10'000'000), false, votes);
}

std::string largest_real_file() {
  std::string largest;
  uintmax_t largest_size = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(CW_SOURCE_DIR) + "/tests/data/pabulib"))
    if (entry.path().extension() == ".pb" && entry.file_size() > largest_size)
      largest = entry.path().string(), largest_size = entry.file_size();
  return largest;
}

void report(benchmark::State& state, const PbProfile& profile, const PbOutcome& outcome,
            const MesStats& stats) {
  state.counters["fast_runs"] = static_cast<double>(stats.fast_runs);
  state.counters["exact_runs"] = static_cast<double>(stats.exact_runs);
  state.counters["voters"] = static_cast<double>(profile.voter_count);
  state.counters["ballot_groups"] = static_cast<double>(profile.ballots.size());
  state.counters["selected"] = static_cast<double>(outcome.selected.size());
  state.counters["add1_steps"] = static_cast<double>(outcome.completion_steps);
  state.counters["peak_rss_mb"] = peak_rss_mb();
}

void BM_MesAdd1LargestRealFile(benchmark::State& state) {
  std::string file = largest_real_file();
  PbProfile profile = make_profile(read_pabulib_file(file));
  PbOutcome outcome;
  MesStats stats;
  for (auto _ : state)
    benchmark::DoNotOptimize(
        outcome = count_mes(profile, MesCompletion::add1, MesEngine::automatic, &(stats = {})));
  state.SetLabel(std::filesystem::path(file).filename().string());
  report(state, profile, outcome, stats);
}
BENCHMARK(BM_MesAdd1LargestRealFile)->Unit(benchmark::kMillisecond);

void BM_MesAdd1City100k(benchmark::State& state) {
  PbProfile profile = city_election(100'000, 160);
  PbOutcome outcome;
  MesStats stats;
  for (auto _ : state)
    benchmark::DoNotOptimize(
        outcome = count_mes(profile, MesCompletion::add1, MesEngine::automatic, &(stats = {})));
  report(state, profile, outcome, stats);
}
BENCHMARK(BM_MesAdd1City100k)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_MesNoCompletionCity100k(benchmark::State& state) {
  PbProfile profile = city_election(100'000, 160);
  PbOutcome outcome;
  MesStats stats;
  for (auto _ : state)
    benchmark::DoNotOptimize(
        outcome = count_mes(profile, MesCompletion::none, MesEngine::automatic, &(stats = {})));
  report(state, profile, outcome, stats);
}
BENCHMARK(BM_MesNoCompletionCity100k)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
