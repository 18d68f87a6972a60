// A closed process's results: its Pabulib file (META with the rule as `commonweal pb count` reads it,
// the projects, and the anonymous ballots in the box's random order) and the count of that very file
// with src/count, so the published outcome is by construction what anyone recounting the file gets.
// Pure; safe from any thread.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "modules/budgeting/budget.h"
#include "modules/budgeting/explain.h"

namespace cw::budgeting {

// Ballots from one deprivation decile, and how many of them chose at least one funded project.
struct DecileVoters {
  std::int64_t voters = 0, served = 0;
};

struct Results {
  std::string pabulib;                // the .pb file
  std::vector<std::string> selected;  // funded projects' ids as in the file, in the order funded
  // When the organisers have excluded projects: what the count by the rules alone funds, for the page
  // that shows it beside the published outcome (empty otherwise).
  std::vector<std::string> by_the_rules;
  std::int64_t cost = 0;                       // of the funded projects, pence
  std::int64_t left = 0;                       // of the pot, pence
  std::map<std::int64_t, std::int64_t> votes;  // project id → ballots choosing it
  std::int64_t ballots = 0;
  Explanation explanation;                 // rounds, shares, the other rule beside this one
  std::array<DecileVoters, 11> deciles{};  // by the ballots' deciles; [0]: not known

  bool funded(std::int64_t project_id) const;
  bool funded_by_other_rule(std::int64_t project_id) const;
  bool too_few_votes(std::int64_t project_id) const;      // below the rules' smallest share
  bool excluded(std::int64_t project_id) const;           // by the organisers, after the count
  std::int64_t votes_for(std::int64_t project_id) const;  // 0 for a project nobody chose
};

// `ballots` are the ballot box's contents (ballot_text), in the box's order. `locality_name` goes in
// META, with the comparison step and the `excluded` projects (ids), which no rule funds. The count of the
// file is also explained (explain.h), with the other rule counted beside it.
std::string pabulib_file(const Process& p, const std::string& locality_name,
                         const std::vector<Project>& projects, const std::vector<std::string>& ballots,
                         const std::vector<std::string>& selected = {},
                         const std::vector<std::int64_t>& excluded = {});
Results count_results(const Process& p, const std::string& locality_name,
                      const std::vector<Project>& projects, const std::vector<std::string>& ballots,
                      const std::vector<std::int64_t>& excluded = {});

// Fills r.deciles from the ballots (content, decile) and the funded projects in r.selected.
void count_deciles(Results& r, const std::vector<std::pair<std::string, int>>& ballots);

// The rule in plain English, for the results page and the page before voting.
std::vector<std::string> rule_explanation(const Rules& rules);
// "Tick between 1 and 3 projects", "Tick projects costing up to £250,000 in total".
std::string ballot_instruction(const Rules& rules);

// Pence as the file writes money: pounds, with pence only when there are some ("12500", "12500.50").
std::string pounds_text(std::int64_t pence);

}  // namespace cw::budgeting
