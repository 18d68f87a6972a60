#include "modules/budgeting/imported_count.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "count/pabulib.h"
#include "count/pb_count.h"
#include "count/rational.h"
#include "web/forms.h"

namespace cw::budgeting {

namespace {

using web::FormInvalid;

count::PbRule rule_for(const count::PbElection& election, const std::string& chosen) {
  if (chosen == "greedy") return *count::parse_pb_rule("greedy");
  if (chosen == "equalshares/add1") return *count::parse_pb_rule("equalshares/add1");
  if (chosen != "file") throw FormInvalid("rule", "Choose how to count the file");
  const std::string* declared = election.meta_value("rule");
  auto rule = declared ? count::parse_pb_rule(*declared) : std::nullopt;
  if (!rule)
    throw FormInvalid("rule", declared
                                  ? fmt::format("The file's rule \"{}\" is not one we count: choose greedy "
                                                "or the Method of Equal Shares",
                                                declared->substr(0, 60))
                                  : "The file does not say how to count it: choose greedy or the Method "
                                    "of Equal Shares");
  rule->comparison = rule->equal_shares && count::comparison_of(election);
  return *rule;
}

std::string rule_words(const count::PbRule& rule) {
  if (!rule.equal_shares) return rule.name() == "greedy" ? "Greedy (most votes first)" : rule.name();
  return fmt::format("Method of Equal Shares, {} completion{}", count::mes_completion_name(rule.completion),
                     rule.comparison ? ", with the comparison step" : "");
}

std::vector<ImportedProject> project_rows(const count::PbElection& election, const count::PbProfile& profile,
                                          const count::PbOutcome& outcome) {
  auto name = election.project_column("name");
  auto selected = election.project_column("selected");
  auto scores = profile.scores();
  std::vector<std::uint32_t> order(outcome.selected);
  for (std::uint32_t p = 0; p < profile.project_count(); ++p)
    if (std::find(order.begin(), order.end(), p) == order.end()) order.push_back(p);
  std::vector<ImportedProject> rows;
  for (auto p : order) {
    const auto& project = election.projects[p];
    ImportedProject row{
        .id = project.id,
        .name = name ? project.fields[*name] : "",
        .cost = count::format_money(project.cost),
        .score = count::format_money(scores[p]),
        .funded = std::find(outcome.selected.begin(), outcome.selected.end(), p) != outcome.selected.end()};
    if (selected) row.funded_in_file = project.fields[*selected] == "1";
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

ImportedCount count_imported(std::string_view text, const std::string& file_name, const std::string& rule) {
  count::PbElection election;
  count::PbProfile profile;
  try {
    election = count::read_pabulib_string(text, file_name);
    profile = count::profile_of_file(election);
  } catch (const count::PabulibError& e) {
    throw FormInvalid("file", e.what());
  } catch (const std::invalid_argument& e) {
    throw FormInvalid("file", e.what());
  }
  count::PbRule chosen;
  try {
    chosen = rule_for(election, rule);
  } catch (const std::invalid_argument& e) {
    throw FormInvalid("file", e.what());
  }
  if (profile.voter_count == 0) throw FormInvalid("file", file_name + ": the file has no votes to count");
  auto outcome = count::count_pb(profile, chosen);
  const std::string* description = election.meta_value("description");
  ImportedCount out{.title = description && !description->empty() ? *description : file_name,
                    .rule_name = rule_words(chosen),
                    .budget = count::format_money(profile.budget),
                    .cost = count::format_money(outcome.cost),
                    .left = count::format_money(profile.budget - outcome.cost),
                    .vote_type = std::string(count::vote_type_name(election.vote_type)),
                    .voters = profile.voter_count,
                    .projects = project_rows(election, profile, outcome),
                    .warnings = election.warnings};
  if (outcome.greedy_preferred) out.rule_name += " (more voters preferred greedy's outcome, so it is kept)";
  if (election.project_column("selected"))
    out.agrees_with_file = std::all_of(out.projects.begin(), out.projects.end(),
                                       [](const auto& p) { return p.funded == *p.funded_in_file; });
  return out;
}

}  // namespace cw::budgeting
