#include "count/pb_profile.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

#include "count/rational.h"

namespace cw::count {

std::optional<TieBreak> parse_tie_break(std::string_view name) {
  if (name == "file") return TieBreak::file;
  if (name == "id") return TieBreak::id;
  if (name == "cost") return TieBreak::cost;
  return std::nullopt;
}

std::string_view tie_break_name(TieBreak tie_break) {
  switch (tie_break) {
    case TieBreak::file:
      return "file";
    case TieBreak::id:
      return "id";
    case TieBreak::cost:
      return "cost";
  }
  return "file";
}

std::vector<mpq_class> PbProfile::scores() const {
  std::vector<mpq_class> score(project_count());
  for (const PbBallot& ballot : ballots)
    for (size_t i = 0; i < ballot.projects.size(); ++i)
      score[ballot.projects[i]] += mpq_class(mpz_class(ballot.voters) * ballot.points[i]);
  return score;
}

bool PbProfile::is_excluded(uint32_t project) const {
  return std::binary_search(excluded.begin(), excluded.end(), project);
}

bool PbProfile::may_fund(uint32_t project, const std::vector<mpq_class>& scores) const {
  return !is_excluded(project) && !(min_score_threshold && scores[project] < *min_score_threshold);
}

namespace {

bool all_digits(const std::string& text) {
  return !text.empty() && text.size() < 19 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool id_less(const std::string& a, const std::string& b) {
  if (all_digits(a) && all_digits(b)) return std::stoll(a) < std::stoll(b);
  return a < b;
}

std::vector<uint32_t> tie_ranks(const std::vector<std::string>& ids, const std::vector<mpq_class>& costs,
                                TieBreak tie_break) {
  std::vector<uint32_t> order(ids.size());
  std::iota(order.begin(), order.end(), 0);
  if (tie_break == TieBreak::id)
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return id_less(ids[a], ids[b]); });
  if (tie_break == TieBreak::cost)
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return costs[a] < costs[b]; });
  std::vector<uint32_t> rank(ids.size());
  for (uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
  return rank;
}

struct BallotHash {
  size_t operator()(const std::pair<std::vector<uint32_t>, std::vector<int64_t>>& key) const {
    size_t h = 1469598103934665603ull;
    for (uint32_t p : key.first) h = (h ^ p) * 1099511628211ull;
    for (int64_t p : key.second) h = (h ^ static_cast<size_t>(p)) * 1099511628211ull;
    return h;
  }
};

// Identical ballots become one group with a voter count: real elections have many repeated ballots
// (every choose-1 file has at most one per project), and the rules' work is per group.
std::vector<PbBallot> group_ballots(const std::vector<PbVote>& votes, bool cumulative) {
  std::unordered_map<std::pair<std::vector<uint32_t>, std::vector<int64_t>>, size_t, BallotHash> group_of;
  std::vector<PbBallot> groups;
  std::vector<std::pair<uint32_t, int64_t>> entries;
  for (const PbVote& vote : votes) {
    entries.clear();
    for (size_t i = 0; i < vote.projects.size(); ++i) {
      int64_t points = cumulative ? vote.points.at(i) : 1;
      if (points > 0) entries.emplace_back(vote.projects[i], points);
    }
    std::sort(entries.begin(), entries.end());
    std::pair<std::vector<uint32_t>, std::vector<int64_t>> key;
    for (auto [project, points] : entries) key.first.push_back(project), key.second.push_back(points);
    auto [it, inserted] = group_of.emplace(std::move(key), groups.size());
    if (inserted) groups.push_back(PbBallot{0, it->first.first, it->first.second});
    ++groups[it->second].voters;
  }
  return groups;
}

// An ordinal vote as points by place: with k places (META max_length, else the longest vote), the first
// is worth k, the next k - 1, and anything ranked beyond k nothing.
std::vector<PbVote> positional_points(const PbElection& election) {
  size_t places = 0;
  for (const PbVote& vote : election.votes) places = std::max(places, vote.projects.size());
  if (const std::string* max_length = election.meta_value("max_length")) {
    std::optional<mpq_class> value = parse_decimal(*max_length);
    if (!value || *value < 1 || *value != mpq_class(value->get_num()) || *value > 1'000'000)
      throw std::invalid_argument(fmt::format("{}: max_length \"{}\" is not a whole number of places",
                                              election.file_name, *max_length));
    places = value->get_num().get_ui();
  }
  std::vector<PbVote> out = election.votes;
  for (PbVote& vote : out) {
    vote.points.clear();
    for (size_t i = 0; i < vote.projects.size(); ++i)
      vote.points.push_back(i < places ? static_cast<int64_t>(places - i) : 0);
  }
  return out;
}

}  // namespace

PbProfile make_profile(std::vector<std::string> ids, std::vector<mpq_class> costs, mpq_class budget,
                       bool cumulative, const std::vector<PbVote>& votes, TieBreak tie_break) {
  PbProfile profile;
  profile.tie_rank = tie_ranks(ids, costs, tie_break);
  profile.tie_break = tie_break;
  profile.ids = std::move(ids);
  profile.costs = std::move(costs);
  profile.budget = std::move(budget);
  profile.cumulative = cumulative;
  profile.voter_count = votes.size();
  profile.ballots = group_ballots(votes, cumulative);
  return profile;
}

PbProfile eligible_only(const PbProfile& profile) {
  PbProfile out = profile;
  if (!profile.min_score_threshold && profile.excluded.empty()) return out;
  std::vector<mpq_class> scores = profile.scores();
  for (PbBallot& ballot : out.ballots) {
    PbBallot kept{ballot.voters, {}, {}};
    for (size_t i = 0; i < ballot.projects.size(); ++i) {
      if (!profile.may_fund(ballot.projects[i], scores)) continue;
      kept.projects.push_back(ballot.projects[i]);
      kept.points.push_back(ballot.points[i]);
    }
    ballot = std::move(kept);
  }
  return out;
}

namespace {

void read_excluded(const PbElection& election, PbProfile& profile) {
  const std::string* listed = election.meta_value("excluded");
  if (!listed) return;
  std::string_view rest = *listed;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string id(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    id.erase(0, id.find_first_not_of(' '));
    id.erase(id.find_last_not_of(' ') + 1);
    if (id.empty()) continue;
    auto at = std::find(profile.ids.begin(), profile.ids.end(), id);
    if (at == profile.ids.end())
      throw std::invalid_argument(fmt::format(
          "{}: META excluded names project \"{}\", which is not in PROJECTS", election.file_name, id));
    profile.excluded.push_back(static_cast<uint32_t>(at - profile.ids.begin()));
  }
  std::sort(profile.excluded.begin(), profile.excluded.end());
  profile.excluded.erase(std::unique(profile.excluded.begin(), profile.excluded.end()),
                         profile.excluded.end());
}

}  // namespace

PbProfile make_profile(const PbElection& election, TieBreak tie_break) {
  VoteType type = election.vote_type;
  if (type == VoteType::scoring)
    throw std::invalid_argument(
        fmt::format("{}: counting supports approval, choose-1, cumulative and ordinal votes, not {}",
                    election.file_name, vote_type_name(type)));
  std::vector<std::string> ids;
  std::vector<mpq_class> costs;
  for (const PbProject& project : election.projects) ids.push_back(project.id), costs.push_back(project.cost);
  bool ordinal = type == VoteType::ordinal;
  PbProfile profile =
      make_profile(std::move(ids), std::move(costs), election.budget, type == VoteType::cumulative || ordinal,
                   ordinal ? positional_points(election) : election.votes, tie_break);
  const std::string* threshold = election.meta_value("min_project_score_threshold");
  if (threshold && !threshold->empty() && *threshold != "None") {
    std::optional<mpq_class> value = parse_decimal(*threshold);
    if (!value)
      throw std::invalid_argument(fmt::format("{}: min_project_score_threshold \"{}\" is not a number",
                                              election.file_name, *threshold));
    profile.min_score_threshold = *value;
  }
  read_excluded(election, profile);
  return profile;
}

}  // namespace cw::count
