// STV counting speed: Scottish STV over every ward file in tests/data/stv (target < 5 ms a ward) and
// PRF Meek on a generated 14,000-ballot, 10-candidate, 4-seat election (target < 100 ms).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "count/blt.h"
#include "count/stv_meek.h"
#include "count/stv_scottish.h"

namespace {

using cw::count::StvElection;

std::vector<std::filesystem::path> ward_files() {
  std::vector<std::filesystem::path> out;
  const auto root = std::filesystem::path(CW_SOURCE_DIR) / "tests/data/stv";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const auto& path = entry.path();
    const bool droop_example = path.string().find("glasgow-2007/blt/") != std::string::npos &&
                               path.parent_path().filename() != "scotland";
    if (path.extension() == ".blt" && !droop_example) out.push_back(path);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void BM_ScottishWard(benchmark::State& state, const StvElection& election) {
  for (auto _ : state) benchmark::DoNotOptimize(cw::count::count_scottish(election));
}

// Voters rank a random prefix of a popularity-skewed order, like real committee ballots; fixed seed.
StvElection generated_meek_election() {
  StvElection election;
  election.seats = 4;
  election.title = "generated";
  for (int c = 0; c < 10; ++c) election.names.push_back("Candidate " + std::to_string(c + 1));
  std::mt19937_64 rng(20240401);
  for (int voter = 0; voter < 14000; ++voter) {
    std::vector<std::pair<uint64_t, int>> keyed;
    for (int c = 0; c < 10; ++c) keyed.emplace_back(rng() % (1000 + 300 * static_cast<uint64_t>(c)), c);
    std::sort(keyed.begin(), keyed.end());
    const size_t length = 1 + rng() % 10;
    cw::count::StvBallot ballot;
    for (size_t i = 0; i < length; ++i) ballot.ranking.push_back({keyed[i].second});
    election.ballots.push_back(std::move(ballot));
  }
  return election;
}

void BM_Meek14000Ballots(benchmark::State& state) {
  const auto election = generated_meek_election();
  for (auto _ : state) benchmark::DoNotOptimize(cw::count::count_meek(election));
}
BENCHMARK(BM_Meek14000Ballots)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  static std::vector<StvElection> elections;
  const auto files = ward_files();
  elections.reserve(files.size());
  for (const auto& path : files) {
    elections.push_back(cw::count::read_blt_file(path));
    const std::string name =
        "BM_ScottishWard/" + path.parent_path().filename().string() + "/" + path.stem().string();
    benchmark::RegisterBenchmark(name.c_str(), BM_ScottishWard, std::cref(elections.back()))
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
