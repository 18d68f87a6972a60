// Why a count came out as it did, worked out once when the count is made and kept with the results, so
// the pages that explain it never recount: the rounds in order, what each voter's equal share paid for
// under the Method of Equal Shares, why a project was not funded, and the other rule's outcome beside
// the published one. Pure; safe from any thread.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "count/pb_mes.h"
#include "modules/budgeting/budget.h"

namespace cw::budgeting {

struct ExplainedRound {
  std::int64_t project_id = 0;
  bool funded = false;          // greedy skips a project that no longer fits; Equal Shares only funds
  std::string score;            // greedy: votes; Equal Shares: effective votes (cost ÷ payment), exact
  std::string payment;          // Equal Shares: the most one supporter paid, pounds, exact ("" for greedy)
  std::int64_t money_left = 0;  // of the pot after this round, pence
};

// Under Equal Shares, where an unfunded project's supporters' money went.
struct SupportersMoney {
  std::int64_t supporters = 0;
  std::int64_t spent = 0;  // pence, paid towards projects funded before the count ended
  std::int64_t left = 0;   // pence, what they still had between them when it ended
};

struct Explanation {
  Rule rule = Rule::greedy;
  std::string start_share;  // Equal Shares: each voter's money in the run kept, pounds, exact
  std::int64_t raises = 0;  // Equal Shares: how many times add1 raised every share by a pound
  std::vector<ExplainedRound> rounds;
  std::map<std::int64_t, SupportersMoney> unfunded;  // Equal Shares: by project id
  std::vector<std::int64_t> other_rule_funded;       // what the other rule would fund, in its order
  std::vector<std::int64_t> ineligible;              // below the rules' smallest share of the votes
  std::vector<std::int64_t> excluded;                // by the organisers after the count
  count::GreedyComparison comparison;                // voters better off under which rule
  // The rules' comparison step was made; and it kept greedy's outcome (`rule` is then greedy, whatever
  // the rules named, since the rounds are greedy's).
  bool compared = false, greedy_kept = false;
};

nlohmann::json to_json(const Explanation& e);
Explanation explanation_from_json(const nlohmann::json& j);

// Counts the profile by `rule` and by the other rule and explains the published outcome (`outcome`, by
// `rule`). `profile.ids` are project ids in decimal.
Explanation explain(const count::PbProfile& profile, Rule rule, const count::PbOutcome& outcome,
                    const count::PbOutcome& other);

// What one voter's share paid for under Equal Shares: each funded project on their ballot, in the order
// funded, with what they paid in pence (to the penny; the exact shares add up to each project's cost).
// Each pays the round's payment per point they gave the project (ballot_weights), or what they had left.
struct SharePayment {
  std::int64_t project_id = 0;
  std::int64_t pence = 0;
};
std::vector<SharePayment> share_payments(const Explanation& e, const Rules& rules, const Ballot& ballot);

// Pounds as an exact rational ("12500/3") to pence, rounded to the nearest penny.
std::int64_t pence_of(const std::string& pounds);
// "12.5": a score to one decimal place, for people.
std::string score_text(const std::string& exact);

// An unfunded project's effective votes when the count ended under Equal Shares: its votes scaled by
// the part of its cost its supporters could still pay (all of its votes had they had it all).
double effective_votes_at_end(std::int64_t votes, const SupportersMoney& m, std::int64_t cost);

}  // namespace cw::budgeting
