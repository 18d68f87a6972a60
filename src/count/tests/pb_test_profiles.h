// Small hand-written participatory budgets for the PB tests: projects named "a", "b", … in file order,
// approval ballots written as strings of those letters.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "count/pb_profile.h"

namespace cw::count::testing {

// The ids of `projects`, in the order given.
inline std::vector<std::string> ids(const PbProfile& profile, const std::vector<uint32_t>& projects) {
  std::vector<std::string> out;
  for (uint32_t p : projects) out.push_back(profile.ids[p]);
  return out;
}

// One ballot per string: "ab" approves projects a and b.
inline PbProfile approval(std::vector<int> costs, int budget, const std::vector<std::string>& ballots,
                          TieBreak tie_break = TieBreak::file) {
  std::vector<std::string> names;
  std::vector<mpq_class> money;
  for (size_t i = 0; i < costs.size(); ++i) {
    names.push_back(std::string(1, static_cast<char>('a' + i)));
    money.push_back(costs[i]);
  }
  std::vector<PbVote> votes;
  for (const std::string& letters : ballots) {
    PbVote vote;
    for (char c : letters) vote.projects.push_back(static_cast<uint32_t>(c - 'a'));
    votes.push_back(vote);
  }
  return make_profile(names, money, budget, false, votes, tie_break);
}

}  // namespace cw::count::testing
