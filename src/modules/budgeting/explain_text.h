// The count explained in plain English: why a project was or was not funded, where one voter's share
// went, and the rounds as table rows. Built from the explanation kept with the results (explain.h), so
// nothing here counts. Pure; safe from any thread.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "modules/budgeting/explain.h"
#include "modules/budgeting/results.h"

namespace cw::budgeting {

// "Equal Shares" or "greedy (most votes first)".
std::string rule_name(Rule r);

// Paragraphs saying why `project` was funded or not, under the rule used and under the other one.
std::vector<std::string> why_text(const Process& p, const Results& r, const Project& project);

// Where a voter's share went: the paragraphs and, under Equal Shares, one row per project it paid
// towards. Under greedy there are no shares: it says which of their projects were funded.
struct ShareRow {
  std::string title, paid;
};
struct ShareText {
  std::vector<std::string> paragraphs;
  std::vector<ShareRow> rows;
  std::string total;  // what the rows add up to ("" under greedy)
};
ShareText share_text(const Process& p, const Results& r, const std::vector<Project>& projects,
                     const Ballot& ballot);

// One row per round: number, project title, score as people read it, the most a supporter paid
// (Equal Shares), "Funded" or "Not enough money left", and the money left.
struct RoundRow {
  std::string number, title, score, payment, result, money_left;
};
std::vector<RoundRow> round_rows(const Results& r, const std::vector<Project>& projects);

}  // namespace cw::budgeting
