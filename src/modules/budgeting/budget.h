// What a participatory budget is: a pot of money for a locality, a shortlist of costed projects,
// phases with dates (ideas → costing → shortlist → voting → results → delivery, the current one read
// from the dates and the clock), and the voting rules — ballot type, limits, counting rule — which are
// frozen once the first ballot is in. Plain values and pure rules; safe from any thread.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"

namespace cw::budgeting {

enum class Phase { upcoming, ideas, costing, shortlist, voting, results, delivery };
// The phases a process has dates for, in order (all but `upcoming`, which is before the first).
inline constexpr std::array<Phase, 6> kDatedPhases{Phase::ideas,  Phase::costing, Phase::shortlist,
                                                   Phase::voting, Phase::results, Phase::delivery};
const char* phase_slug(Phase p);   // "voting"; the API's `phase`
const char* phase_label(Phase p);  // "Voting"
std::optional<Phase> phase_from_slug(const std::string& slug);

// How the money follows the votes: fund the most voted projects while they fit, or the Method of Equal
// Shares, completed by raising each voter's share one unit at a time while the outcome fits (add1).
enum class Rule { greedy, equal_shares };
// The rule as Pabulib META and `commonweal pb count` name it: "greedy", "equalshares/add1".
const char* rule_slug(Rule r);
std::optional<Rule> rule_from_slug(const std::string& slug);

// Approval: tick between a minimum and a maximum number of projects. Knapsack: tick projects whose
// costs together fit the pot.
enum class BallotType { approval, knapsack };
const char* ballot_type_slug(BallotType t);
std::optional<BallotType> ballot_type_from_slug(const std::string& slug);

struct Rules {
  std::int64_t pot = 0;  // pence
  Rule rule = Rule::greedy;
  BallotType ballot_type = BallotType::approval;
  int min_projects = 1;  // approval only
  int max_projects = 0;  // approval only; 0: as many as there are
  bool operator==(const Rules&) const = default;
};

struct Process {
  std::int64_t id = 0, locality_id = 0;
  std::string title, description;
  Rules rules;
  std::array<Micros, 6> starts{};  // when each of kDatedPhases begins (midnight UTC), non-decreasing
  bool sealed = false;             // its ballots have been shuffled for good after the close
  std::optional<std::int64_t> created_by;
  Micros created_at = 0, updated_at = 0;
};

Phase phase(const Process& p, Micros now);
Micros starts_of(const Process& p, Phase phase);  // REQUIRES: a dated phase
// Voting is open from the voting phase's start until the results phase's.
inline Micros voting_opens(const Process& p) {
  return starts_of(p, Phase::voting);
}
inline Micros voting_closes(const Process& p) {
  return starts_of(p, Phase::results);
}

struct Project {
  std::int64_t id = 0, process_id = 0;
  std::string title, description, ward_code;
  std::int64_t cost = 0;                // pence
  std::optional<std::int64_t> idea_id;  // the resident's idea it came from, if any
};

// What an officer types for a process; dates as typed in the date inputs, one per dated phase.
struct ProcessDraft {
  std::string title, description, pot, rule = "greedy", ballot_type = "approval";
  std::string min_projects = "1", max_projects;
  std::array<std::array<std::string, 3>, 6> starts;  // day, month, year
};
// Checks the draft and fills `into`'s details, rules and dates. Throws web::FormInvalid with every
// problem (fields: title, description, pot, rule, ballot_type, min_projects, max_projects, and each
// phase's slug for its date).
void apply_draft(const ProcessDraft& d, Process& into);
ProcessDraft draft_of(const Process& p);

// The rules cannot change once anyone has voted under them: 409 naming what would change.
void check_rules_unchanged(const Rules& before, const Rules& after, std::int64_t ballots_cast);

struct ProjectDraft {
  std::string title, description, ward_code, cost;
};
// Throws web::FormInvalid (title, description, ward, cost). Wards are checked by the service.
Project project_from(const ProjectDraft& d, const Rules& rules);

// A ballot: the chosen projects' ids, sorted, each once.
using Ballot = std::vector<std::int64_t>;
// Reads the ticked project ids against the shortlist and the rules. Throws web::FormInvalid on field
// "projects" saying what to do: choose at least N, at most N, within the pot (by how much it is over),
// or that a project is not on the shortlist.
Ballot check_ballot(const Rules& rules, const std::vector<Project>& shortlist,
                    const std::vector<std::string>& ticked);
// How much the ticked projects cost together (unknown ids ignored), for "£X of £Y; £Z left".
std::int64_t ballot_cost(const std::vector<Project>& shortlist, const std::vector<std::string>& ticked);
std::string ballot_text(const Ballot& b);  // "3,5,8": the ballot box's content
Ballot ballot_from_text(const std::string& text);

}  // namespace cw::budgeting
