// One entry point for counting a PB election: choose the rule (from the command line or from the file's
// META `rule`), count it, and present the outcome as JSON or as a plain-English report. Used by the
// `commonweal pb` commands and by the results pages.
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "count/pb_greedy.h"
#include "count/pb_mes.h"

namespace cw::count {

struct PbRule {
  bool equal_shares = false;
  GreedyVariant greedy = GreedyVariant::skip;      // when !equal_shares
  MesCompletion completion = MesCompletion::none;  // when equal_shares
  // When equal_shares: the equalshares.net comparison step. Greedy's outcome replaces MES's when more
  // voters have more of their projects funded under greedy than under MES (ties keep MES).
  bool comparison = false;
  std::string name() const;  // "greedy-no-skip", "mes"
};

// "greedy", "greedy-threshold", "greedy-no-skip", "equalshares", "equalshares/add1",
// "equalshares/add1-exhaustive", "equalshares/add1-greedy" (and "mes" for the command line).
std::optional<PbRule> parse_pb_rule(std::string_view name);
// The comparison step is not part of a Pabulib rule's name: META `comparison` says "satisfaction" for it
// ("none" or no key for none). Returns the comparison it asks for; throws std::invalid_argument naming
// any other value.
bool comparison_of(const PbElection& election);
// The file's profile with `tie_break` ("file", "id" or "cost"), else the file's META tie_break (as
// commonweal's budgets write it), else file order. Throws std::invalid_argument naming a tie-break that
// is none of those, or what make_profile refuses.
PbProfile profile_of_file(const PbElection& election, std::string_view tie_break = "");

// With the comparison step, `other` (when given) receives the outcome not kept, so a caller showing both
// rules side by side need not count either again.
PbOutcome count_pb(const PbProfile& profile, const PbRule& rule, PbOutcome* other = nullptr);

nlohmann::json outcome_json(const PbProfile& profile, const PbRule& rule, const PbOutcome& outcome);
std::string outcome_text(const PbProfile& profile, const PbRule& rule, const PbOutcome& outcome);

nlohmann::json comparison_json(const PbProfile& profile, const PbOutcome& greedy,
                               const GreedyComparison& comparison);
std::string comparison_text(const PbProfile& profile, const PbOutcome& greedy,
                            const GreedyComparison& comparison);

}  // namespace cw::count
