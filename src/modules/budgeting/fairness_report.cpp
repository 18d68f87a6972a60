#include "modules/budgeting/fairness_report.h"

#include <algorithm>

namespace cw::budgeting {

fairness::Breakdown fairness_breakdown(const FairnessInputs& in) {
  std::vector<fairness::Neighbourhood> areas;
  for (const auto& a : in.areas) areas.push_back({a.ward_code, a.decile, a.population.value_or(1)});
  std::vector<fairness::WardName> wards;
  for (const auto& w : in.wards) wards.push_back({w.code, w.name});
  fairness::Builder b(
      std::move(areas), wards,
      {"Money", "Projects funded", "Voters", "Voters", "Voters with a project they chose funded",
       "Opened the ballot", "Had a ballot refused"});
  for (const auto& p : in.projects)
    if (in.results.funded(p.id)) {
      b.add_to_ward(kMoney, p.ward_code, p.cost);
      if (p.ward_code.empty())
        b.add_to_whole_area(kProjects, 1);
      else
        b.add_to_ward(kProjects, p.ward_code, 1);
    }
  for (const auto& [ward, voters] : in.turnout_by_ward) b.add_to_person(kVotersByWard, ward, 0, voters);
  for (std::size_t d = 0; d < in.results.deciles.size(); ++d) {
    b.add_to_decile(kVotersByDecile, static_cast<int>(d), in.results.deciles[d].voters);
    b.add_to_decile(kServed, static_cast<int>(d), in.results.deciles[d].served);
  }
  for (const auto& s : in.steps)
    b.add_to_person(s.step == "opened" ? kOpened : kRefused, s.ward_code, 0, s.people);
  return b.build();
}

}  // namespace cw::budgeting
