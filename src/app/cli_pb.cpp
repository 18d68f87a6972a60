// `commonweal pb count` and `commonweal pb check`: count Pabulib files with a greedy rule or the Method of
// Equal Shares, or check that the rule a file's META declares reproduces its published `selected` column.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <memory>
#include <set>
#include <stdexcept>
#include <vector>

#include "app/cli.h"
#include "count/pabulib.h"
#include "count/pb_count.h"

namespace cw::app {
namespace {

struct PbOptions {
  std::vector<std::string> files;
  std::string rule;
  std::string completion;
  std::string tie_break;   // "" : the file's META tie_break, else "file"
  std::string comparison;  // "" : the file's META comparison, else none
  bool compare_greedy = false;
  bool json = false;
};

// A file that cannot be counted; the message names it ("x.pb:13: reason" or "x.pb: reason"). With several
// files, one such file must not stop the others from being counted.
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

count::PbElection load(const std::string& file) {
  try {
    return count::read_pabulib_file(file);
  } catch (const count::PabulibError& e) {
    throw FileError(e.what());
  }
}

bool declared_comparison(const count::PbElection& election) {
  try {
    return count::comparison_of(election);
  } catch (const std::invalid_argument& e) {
    throw FileError(e.what());
  }
}

count::PbRule rule_from_meta(const count::PbElection& election) {
  const std::string* declared = election.meta_value("rule");
  if (!declared)
    throw FileError(fmt::format("{}: META declares no rule; choose one with --rule", election.file_name));
  std::optional<count::PbRule> rule = count::parse_pb_rule(*declared);
  if (!rule)
    throw FileError(
        fmt::format("{}: META rule \"{}\" is not one this program counts", election.file_name, *declared));
  rule->comparison = rule->equal_shares && declared_comparison(election);
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
      rule.comparison = declared_comparison(election);
    }
  }
  if (!options.comparison.empty()) {
    if (!rule.equal_shares && options.comparison != "none")
      throw FileError(fmt::format("{}: --comparison applies only to the mes rule, and the rule is {}",
                                  election.file_name, rule.name()));
    rule.comparison = options.comparison == "satisfaction";
  }
  if (!options.completion.empty()) {
    if (!rule.equal_shares)
      throw FileError(fmt::format("{}: --completion applies only to the mes rule, and the rule is {}",
                                  election.file_name, rule.name()));
    rule.completion = *count::parse_mes_completion(options.completion);
  }
  return rule;
}

// --tie-break, else the file's META tie_break, else file order (count::profile_of_file).
count::PbProfile profile_of(const count::PbElection& election, const std::string& tie_break) {
  try {
    return count::profile_of_file(election, tie_break);
  } catch (const std::invalid_argument& e) {
    throw FileError(e.what());
  }
}

// Accepted oddities of the file (a project listed twice on a ballot), one line each on stderr.
void warn(const count::PbElection& election) {
  for (const std::string& warning : election.warnings) std::cerr << "warning: " << warning << "\n";
}

// Prints one file's count: a JSON object on one line, or the report (headed by the file's name when there
// are several).
void print_count(const PbOptions& options, const std::string& file) {
  count::PbElection election = load(file);
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
    json["file"] = file;
    json["warnings"] = election.warnings;
    if (comparison) json["compare_greedy"] = count::comparison_json(profile, *greedy, *comparison);
    std::cout << json.dump() << std::endl;
    return;
  }
  warn(election);
  if (options.files.size() > 1) std::cout << "File: " << file << "\n";
  std::cout << count::outcome_text(profile, rule, outcome);
  if (comparison) std::cout << count::comparison_text(profile, *greedy, *comparison);
  std::cout << (options.files.size() > 1 ? "\n" : "") << std::flush;
}

// Every file is counted, in order, even after a bad one: a city's districts are independent counts, and
// one unreadable file should not hide the others' results. A bad file's message goes to stderr (and, with
// --json, an {"file", "error"} line takes its place in the output); the exit status is then 1.
void run_count(const PbOptions& options) {
  bool failed = false;
  for (const std::string& file : options.files) {
    try {
      print_count(options, file);
    } catch (const FileError& e) {
      failed = true;
      std::cerr << e.what() << std::endl;
      if (options.json) std::cout << nlohmann::json{{"file", file}, {"error", e.what()}}.dump() << std::endl;
    }
  }
  if (failed) throw CLI::RuntimeError(1);
}

void check_file(const std::string& file) {
  count::PbElection election = load(file);
  warn(election);
  std::optional<size_t> column = election.project_column("selected");
  if (!column)
    throw FileError(fmt::format("{}: the PROJECTS section has no selected column to check against", file));
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

void run_check(const std::string& file) {
  try {
    check_file(file);
  } catch (const FileError& e) {
    std::cerr << e.what() << "\n";
    throw CLI::RuntimeError(1);
  }
}

}  // namespace

void add_pb_command(CLI::App& app) {
  CLI::App* pb =
      app.add_subcommand("pb", "Participatory budgeting: count a Pabulib .pb file or check its outcome");
  pb->require_subcommand(1);

  auto options = std::make_shared<PbOptions>();
  CLI::App* count = pb->add_subcommand(
      "count", "Count .pb files, each with the rule its META declares or --rule, one after another");
  count->add_option("files", options->files, "Pabulib .pb files, counted in this order")->required();
  count
      ->add_option("--rule", options->rule,
                   "greedy, greedy-no-skip, greedy-threshold or mes (default: META rule)")
      ->check(CLI::IsMember({"greedy", "greedy-no-skip", "greedy-threshold", "mes"}));
  count
      ->add_option("--completion", options->completion,
                   "MES completion: none, add1, add1-exhaustive, add1-greedy")
      ->check(CLI::IsMember({"none", "add1", "add1-exhaustive", "add1-greedy"}));
  count
      ->add_option("--tie-break", options->tie_break,
                   "file (order in the file), id or cost (default: META tie_break, else file)")
      ->check(CLI::IsMember({"file", "id", "cost"}));
  count
      ->add_option("--comparison", options->comparison,
                   "MES comparison step: satisfaction (keep greedy's outcome if more voters prefer it) or "
                   "none (default: META comparison, else none)")
      ->check(CLI::IsMember({"satisfaction", "none"}));
  count->add_flag("--compare-greedy", options->compare_greedy,
                  "Compare voters' winners under MES and greedy");
  count->add_flag("--json", options->json,
                  "Print one JSON object per file, one per line, instead of a report");
  count->callback([options] { run_count(*options); });

  auto check_path = std::make_shared<std::string>();
  CLI::App* check =
      pb->add_subcommand("check", "Count with the META rule and compare with the selected column");
  check->add_option("file", *check_path, "Pabulib .pb file")->required();
  check->callback([check_path] { run_check(*check_path); });
}

}  // namespace cw::app
