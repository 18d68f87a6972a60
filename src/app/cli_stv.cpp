// `commonweal stv count FILE`: counts a BLT or PrefLib (.soi/.toc) election under Scottish STV or PRF
// Meek and prints the winners and every stage, as text or as JSON for other tools.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/cli.h"
#include "count/blt.h"
#include "count/fixed.h"
#include "count/preflib.h"
#include "count/stv_meek.h"
#include "count/stv_scottish.h"

namespace cw::app {
namespace {

struct StvCountArgs {
  std::string file;
  std::string method = "scottish";
  std::optional<uint64_t> seed;
  std::optional<int> seats;
  bool json = false;
};

count::StvElection load(const StvCountArgs& args) {
  const bool preflib = args.file.ends_with(".soi") || args.file.ends_with(".toc");
  auto election =
      preflib ? count::read_preflib_file(args.file, args.seats.value_or(1)) : count::read_blt_file(args.file);
  if (args.seats) {
    if (*args.seats < 1 || *args.seats > election.candidate_count())
      throw count::StvCountError(fmt::format("--seats must be between 1 and the number of candidates ({})",
                                             election.candidate_count()));
    election.seats = *args.seats;
  }
  return election;
}

std::string name_of(const count::StvElection& election, int candidate) {
  return election.names[static_cast<size_t>(candidate)];
}

std::string names_of(const count::StvElection& election, const std::vector<int>& candidates) {
  std::string out;
  for (int c : candidates) out += (out.empty() ? "" : ", ") + name_of(election, c);
  return out;
}

std::string describe(const count::StvElection& election, const count::StvStage& stage) {
  const std::string who = names_of(election, stage.candidates);
  switch (stage.action) {
    case count::StvAction::first_preferences:
      return "first preferences";
    case count::StvAction::surplus:
      return "surplus of " + who;
    case count::StvAction::exclusion:
      return "exclusion of " + who;
    case count::StvAction::election:
      return "election of " + who;
    case count::StvAction::defeat:
      return "defeat of " + who;
  }
  return "";
}

nlohmann::ordered_json to_json(const count::StvElection& election, const count::StvResult& result) {
  const auto value = [&](int64_t units) { return count::fixed::format(units, result.places); };
  nlohmann::ordered_json out;
  out["method"] = result.method;
  out["title"] = election.title;
  out["seats"] = result.seats;
  out["valid_ballots"] = result.valid_ballots;
  out["quota"] = value(result.quota);
  out["elected"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < result.elected.size(); ++i)
    out["elected"].push_back(
        {{"name", name_of(election, result.elected[i])}, {"stage", result.elected_stage[i]}});
  out["stages"] = nlohmann::ordered_json::array();
  for (const auto& stage : result.stages) {
    nlohmann::ordered_json totals = nlohmann::ordered_json::object();
    for (size_t c = 0; c < stage.totals.size(); ++c) totals[election.names[c]] = value(stage.totals[c]);
    nlohmann::ordered_json elected = nlohmann::ordered_json::array();
    for (int c : stage.elected) elected.push_back(name_of(election, c));
    out["stages"].push_back({{"number", stage.number},
                             {"action", count::to_string(stage.action)},
                             {"candidate", stage.candidates.empty() ? nlohmann::ordered_json(nullptr)
                                                                    : nlohmann::ordered_json(names_of(
                                                                          election, stage.candidates))},
                             {"totals", totals},
                             {"non_transferable", value(stage.non_transferable)},
                             {"quota", value(stage.quota)},
                             {"elected", elected},
                             {"notes", stage.notes}});
  }
  return out;
}

void print_text(const count::StvElection& election, const count::StvResult& result) {
  const auto value = [&](int64_t units) { return count::fixed::format(units, result.places); };
  const std::string rule = result.method == "scottish" ? "Scottish STV (SSI 2007/42, rules 45-52)"
                                                       : "Meek STV (PR Foundation reference rule)";
  size_t width = 24;
  for (const auto& name : election.names) width = std::max(width, name.size());
  std::cout << fmt::format("{}\n{}; {} seats; {} valid ballots; quota {}\n\nElected:\n", election.title, rule,
                           result.seats, result.valid_ballots, value(result.quota));
  for (size_t i = 0; i < result.elected.size(); ++i)
    std::cout << fmt::format("  {}. {} (stage {})\n", i + 1, name_of(election, result.elected[i]),
                             result.elected_stage[i]);
  for (const auto& stage : result.stages) {
    std::cout << fmt::format("\nStage {}: {}\n", stage.number, describe(election, stage));
    for (size_t c = 0; c < stage.totals.size(); ++c)
      std::cout << fmt::format("  {:<{}} {:>16}\n", election.names[c], width, value(stage.totals[c]));
    std::cout << fmt::format("  {:<{}} {:>16}\n", result.method == "meek" ? "excess" : "non-transferable",
                             width, value(stage.non_transferable));
    std::cout << fmt::format("  {:<{}} {:>16}\n", "quota", width, value(stage.quota));
    if (!stage.elected.empty()) std::cout << "  elected: " << names_of(election, stage.elected) << "\n";
    for (const auto& note : stage.notes) std::cout << "  note: " << note << "\n";
  }
}

void run_count(const StvCountArgs& args) {
  try {
    const auto election = load(args);
    count::StvResult result;
    if (args.method == "meek") {
      result = count::count_meek(election, {.seed = args.seed});
    } else {
      result = count::count_scottish(election, {.seed = args.seed.value_or(0)});
    }
    if (args.json) {
      std::cout << to_json(election, result).dump(2) << "\n";
    } else {
      print_text(election, result);
    }
  } catch (const std::exception& e) {
    std::cerr << "commonweal stv count: " << e.what() << "\n";
    throw CLI::RuntimeError(1);
  }
}

}  // namespace

void add_stv_command(CLI::App& app) {
  auto* stv = app.add_subcommand("stv", "Single transferable vote counts");
  stv->require_subcommand(1);
  auto args = std::make_shared<StvCountArgs>();
  auto* count_command = stv->add_subcommand("count", "Count a BLT or PrefLib (.soi/.toc) election");
  count_command->add_option("FILE", args->file, "Ballot file")->required();
  count_command->add_option("--method", args->method, "Counting rule")
      ->check(CLI::IsMember({"scottish", "meek"}));
  count_command->add_option("--seed", args->seed, "Seed for ties broken by lot");
  count_command->add_option("--seats", args->seats, "Number of seats (needed for PrefLib files)");
  count_command->add_flag("--json", args->json, "Print the count as JSON");
  count_command->callback([args] { run_count(*args); });
}

}  // namespace cw::app
