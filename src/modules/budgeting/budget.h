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
// costs together fit the pot. Cumulative: spread a number of points over the projects. Ranked: put up
// to k projects in order; the first choice is worth k points, the next k − 1, and so on.
enum class BallotType { approval, knapsack, cumulative, ranked };
const char* ballot_type_slug(BallotType t);
std::optional<BallotType> ballot_type_from_slug(const std::string& slug);

// Which of two equally placed projects comes first: the one put on the shortlist first, or the cheaper
// one. Named as Pabulib META and `commonweal pb count --tie-break` name them: "file", "cost".
enum class TieBreak { shortlist, cheaper };
const char* tie_break_slug(TieBreak t);

struct Rules {
  std::int64_t pot = 0;  // pence
  Rule rule = Rule::greedy;
  BallotType ballot_type = BallotType::approval;
  int min_projects = 1;  // approval and ranked
  int max_projects = 0;  // approval: 0 is as many as there are; ranked: how many places (k), 1 or more
  int points = 0;        // cumulative only: the points each voter spreads
  // A project needs at least this percentage of the ballots (of all the points given, on cumulative and
  // ranked ballots) to be funded at all; 0 for no minimum.
  int min_share = 0;
  TieBreak tie_break = TieBreak::shortlist;
  // Equal Shares only: the comparison step. The count keeps greedy's outcome instead when more voters
  // have more of their chosen projects funded by it (src/count pb_count.h).
  bool comparison = false;
  int min_age = 0;  // voters declare they are at least this old; 0 for no minimum
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
  std::string min_projects = "1", max_projects, points, min_share, tie_break = "file";
  std::string comparison;  // "yes" for the comparison step
  std::string min_age;
  std::string amendment;                             // why the rules change after people have voted
  std::array<std::array<std::string, 3>, 6> starts;  // day, month, year
};
// Checks the draft and fills `into`'s details, rules and dates. Throws web::FormInvalid with every
// problem (fields: title, description, pot, rule, ballot_type, min_projects, max_projects, points,
// min_share, tie_break, comparison, min_age, and each phase's slug for its date).
void apply_draft(const ProcessDraft& d, Process& into);
ProcessDraft draft_of(const Process& p);

// Once anyone has voted, the ballot (its kind, how many projects, the points) and who may vote (the
// minimum age) cannot change, and the counting rules (the pot, the rule, the smallest share, the
// tie-break, the comparison step) only by an amendment with a reason, which is published: 409 naming what
// would change otherwise.
void check_rules_unchanged(const Rules& before, const Rules& after, std::int64_t ballots_cast,
                           const std::string& amendment = "");
// The counting rules that changed, with their values: "the pot (£1,000 to £2,000)", for the record.
std::vector<std::string> rule_changes(const Rules& before, const Rules& after);

struct ProjectDraft {
  std::string title, description, ward_code, cost;
};
// Throws web::FormInvalid (title, description, ward, cost). Wards are checked by the service.
Project project_from(const ProjectDraft& d, const Rules& rules);

// A ballot: the chosen projects' ids, each once: sorted, except on a ranked ballot, where they are in
// the voter's order; `points` beside them on a cumulative ballot (empty otherwise).
struct Ballot {
  std::vector<std::int64_t> projects;
  std::vector<std::int64_t> points;
  bool contains(std::int64_t project_id) const;
  bool operator==(const Ballot&) const = default;
};

// What a voter filled in, as typed: ticked project ids (approval, knapsack), points by project id
// (cumulative), or the project id chosen for each place, first choice first, "" for none (ranked).
struct BallotForm {
  std::vector<std::string> ticked;
  std::vector<std::pair<std::string, std::string>> points;
  std::vector<std::string> ranked;
  bool age_declared = false;  // ticked "I am N or older"
};
// The field the ballot's errors point at: "projects", "points-<first project id>" or "rank-1".
std::string ballot_field(const Rules& rules, const std::vector<Project>& shortlist);
// Reads a ballot against the shortlist and the rules. Throws web::FormInvalid saying what to do: choose
// at least N, at most N, within the pot (by how much it is over), points as whole numbers within the
// total (by how much it is over), each project once in a ranking with no gaps, or that a project is not
// on the shortlist; or, when the rules set a minimum age, that the voter has not declared it (on
// "age_declared"). Errors are on ballot_field, or on the field at fault.
Ballot check_ballot(const Rules& rules, const std::vector<Project>& shortlist, const BallotForm& form);
// How much the ticked projects cost together (unknown ids ignored), for "£X of £Y; £Z left".
std::int64_t ballot_cost(const std::vector<Project>& shortlist, const std::vector<std::string>& ticked);
// The ballot box's content: "3,5,8"; "3:4,5:6" (project:points) for a cumulative ballot; "8,3,5" in
// the voter's order for a ranked one.
std::string ballot_text(const Ballot& b);
Ballot ballot_from_text(const std::string& text);
// What the count weighs each chosen project by: 1 each, its points, or its place's points (k for the
// first choice, then k − 1, …). The same weights the Pabulib file states for a recount.
std::vector<std::int64_t> ballot_weights(const Rules& rules, const Ballot& b);
std::string place_text(std::size_t place);  // 1 → "1st", 2 → "2nd": a ranked ballot's places
// Who may vote, for the budget's page: "Anyone aged 16 or over may vote, once: …".
std::string who_may_vote(const Rules& rules);

}  // namespace cw::budgeting
