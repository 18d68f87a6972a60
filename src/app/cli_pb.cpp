// `commonweal pb count` and `commonweal pb check`: count a Pabulib file with a greedy rule or the Method of
// Equal Shares, or check that the rule its META declares reproduces its published `selected` column.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <memory>
#include <set>

#include "app/cli.h"
#include "count/pabulib.h"
#include "count/pb_count.h"

namespace cw::app {
namespace {

struct PbOptions {
  std::string file;
  std::string rule;
  std::string completion;
  std::string tie_break = "file";
  bool compare_greedy = false;
  bool json = false;
};

[[noreturn]] void fail(const std::string& message) {
  std::cerr << message << "\n";
  throw CLI::RuntimeError(1);
}

count::PbElection load(const std::string& file) {
  try {
    return count::read_pabulib_file(file);
  } catch (const count::PabulibError& e) {
    fail(e.what());
  }
}

count::PbRule rule_from_meta(const count::PbElection& election) {
  const std::string* declared = election.meta_value("rule");
  if (!declared) fail(fmt::format("{}: META declares no rule; choose one with --rule", election.file_name));
  std::optional<count::PbRule> rule = count::parse_pb_rule(*declared);
  if (!rule)
    fail(fmt::format("{}: META rule \"{}\" is not one this program counts", election.file_name, *declared));
  return *rule;
}

// --rule overrides META; --completion applies to MES only and defaults to the file's own completion when the
// file declares equal shares, and otherwise to add1, the variant cities used.
count::PbRule choose_rule(const PbOptions& options, const count::PbElection& election) {
  count::PbRule rule;
  if (options.rule.empty()) {
    rule = rule_from_meta(election);
  } else {
    rule = *count::parse_pb_rule(options.rule);
    if (rule.equal_shares) {
      const std::string* declared = election.meta_value("rule");
      std::optional<count::PbRule> from_meta = declared ? count::parse_pb_rule(*declared) : std::nullopt;
      rule.completion =
          from_meta && from_meta->equal_shares ? from_meta->completion : count::MesCompletion::add1;
    }
  }
  if (!options.completion.empty()) {
    if (!rule.equal_shares) fail("--completion applies only to the mes rule");
    rule.completion = *count::parse_mes_completion(options.completion);
  }
  return rule;
}

count::PbProfile profile_of(const count::PbElection& election, const std::string& tie_break) {
  try {
    return count::make_profile(election, *count::parse_tie_break(tie_break));
  } catch (const std::invalid_argument& e) {
    fail(e.what());
  }
}

void run_count(const PbOptions& options) {
  count::PbElection election = load(options.file);
  count::PbRule rule = choose_rule(options, election);
  count::PbProfile profile = profile_of(election, options.tie_break);
  count::PbOutcome outcome = count::count_pb(profile, rule);
  std::optional<count::PbOutcome> greedy;
  std::optional<count::GreedyComparison> comparison;
  if (options.compare_greedy) {
    greedy = count::count_greedy(profile, count::GreedyVariant::skip);
    comparison = count::compare_with_greedy(profile, outcome, *greedy);
  }
  if (options.json) {
    nlohmann::json json = count::outcome_json(profile, rule, outcome);
    if (comparison) json["compare_greedy"] = count::comparison_json(profile, *greedy, *comparison);
    std::cout << json.dump(2) << "\n";
  } else {
    std::cout << count::outcome_text(profile, rule, outcome);
    if (comparison) std::cout << count::comparison_text(profile, *greedy, *comparison);
  }
}

void run_check(const std::string& file) {
  count::PbElection election = load(file);
  std::optional<size_t> column = election.project_column("selected");
  if (!column) fail(fmt::format("{}: the PROJECTS section has no selected column to check against", file));
  count::PbRule rule = rule_from_meta(election);
  count::PbProfile profile = profile_of(election, "file");
  count::PbOutcome outcome = count::count_pb(profile, rule);
  std::set<uint32_t> counted(outcome.selected.begin(), outcome.selected.end());
  std::vector<std::string> only_counted, only_published;
  size_t published = 0;
  for (uint32_t p = 0; p < election.projects.size(); ++p) {
    bool is_published = election.projects[p].fields[*column] == "1";
    published += is_published;
    if (is_published && !counted.count(p)) only_published.push_back(election.projects[p].id);
    if (!is_published && counted.count(p)) only_counted.push_back(election.projects[p].id);
  }
  if (only_counted.empty() && only_published.empty()) {
    fmt::print(
        "{}: {} reproduces the published outcome ({} projects selected)\n", file,
        rule.equal_shares ? "mes/" + std::string(count::mes_completion_name(rule.completion)) : rule.name(),
        published);
    return;
  }
  fmt::print("{}: the count differs from the published outcome\n", file);
  if (!only_counted.empty())
    fmt::print("  selected by the count, not published: {}\n", fmt::join(only_counted, ", "));
  if (!only_published.empty())
    fmt::print("  published, not selected by the count: {}\n", fmt::join(only_published, ", "));
  std::cout.flush();
  throw CLI::RuntimeError(1);
}

}  // namespace

void add_pb_command(CLI::App& app) {
  CLI::App* pb =
      app.add_subcommand("pb", "Participatory budgeting: count a Pabulib .pb file or check its outcome");
  pb->require_subcommand(1);

  auto options = std::make_shared<PbOptions>();
  CLI::App* count =
      pb->add_subcommand("count", "Count a .pb file with the rule its META declares, or --rule");
  count->add_option("file", options->file, "Pabulib .pb file")->required();
  count
      ->add_option("--rule", options->rule,
                   "greedy, greedy-no-skip, greedy-threshold or mes (default: META rule)")
      ->check(CLI::IsMember({"greedy", "greedy-no-skip", "greedy-threshold", "mes"}));
  count
      ->add_option("--completion", options->completion,
                   "MES completion: none, add1, add1-exhaustive, add1-greedy")
      ->check(CLI::IsMember({"none", "add1", "add1-exhaustive", "add1-greedy"}));
  count->add_option("--tie-break", options->tie_break, "file (order in the file, default), id or cost")
      ->check(CLI::IsMember({"file", "id", "cost"}));
  count->add_flag("--compare-greedy", options->compare_greedy,
                  "Compare voters' winners under MES and greedy");
  count->add_flag("--json", options->json, "Print JSON instead of a report");
  count->callback([options] { run_count(*options); });

  auto check_file = std::make_shared<std::string>();
  CLI::App* check =
      pb->add_subcommand("check", "Count with the META rule and compare with the selected column");
  check->add_option("file", *check_file, "Pabulib .pb file")->required();
  check->callback([check_file] { run_check(*check_file); });
}

}  // namespace cw::app
