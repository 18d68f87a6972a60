// Helpers on the shared STV data (see stv.h).
#include "count/stv.h"

namespace cw::count {

int64_t StvElection::total_weight() const {
  int64_t total = 0;
  for (const auto& ballot : ballots) total += ballot.weight;
  return total;
}

bool StvElection::has_equal_rankings() const {
  for (const auto& ballot : ballots)
    for (const auto& level : ballot.ranking)
      if (level.size() > 1) return true;
  return false;
}

std::string to_string(StvAction action) {
  switch (action) {
    case StvAction::first_preferences:
      return "first preferences";
    case StvAction::surplus:
      return "surplus";
    case StvAction::exclusion:
      return "exclusion";
    case StvAction::election:
      return "election";
    case StvAction::defeat:
      return "defeat";
  }
  return "unknown";
}

}  // namespace cw::count
