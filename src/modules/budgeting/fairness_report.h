// A closed budget's fairness report: where the money and the funded projects went, who voted, who got
// at least one project they chose, and where people gave up on the ballot, by ward and by deprivation
// decile against how many people live there (modules/fairness). Pure; safe from any thread.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "modules/budgeting/results.h"
#include "modules/budgeting/store.h"
#include "modules/fairness/fairness.h"
#include "modules/places/overview.h"

namespace cw::budgeting {

// The breakdown's measures, in this order.
enum FairnessMeasure : std::size_t {
  kMoney,           // pence of funded projects, by the project's ward
  kProjects,        // funded projects, by ward (split over deciles only as money is)
  kVotersByWard,    // the register's wards
  kVotersByDecile,  // the ballots' deciles
  kServed,          // ballots with at least one funded project, by decile
  kOpened,          // people who opened the ballot, by ward
  kRefused,         // people who had a ballot refused, by ward
};

struct FairnessInputs {
  std::vector<places::NeighbourhoodRef> areas;
  std::vector<places::WardRef> wards;
  std::vector<Project> projects;
  Results results;
  std::vector<std::pair<std::string, std::int64_t>> turnout_by_ward;
  std::vector<StepCount> steps;
};

fairness::Breakdown fairness_breakdown(const FairnessInputs& in);

}  // namespace cw::budgeting
