// Scottish STV count (see stv_scottish.h). Rule numbers below are those of SSI 2007/42 Schedule 1.
#include "count/stv_scottish.h"

#include <algorithm>
#include <random>

#include "count/fixed.h"

namespace cw::count {
namespace {

constexpr int64_t kOne = fixed::scale(kScottishPlaces);

enum class State { continuing, elected_pending, elected, excluded, withdrawn };

struct Paper {
  std::vector<int> ranking;
  size_t position = 0;  // index in ranking of the candidate now holding the paper
  int64_t voters = 1;
  int64_t value = kOne;  // value of one voter's paper, in units
};

class ScottishCount {
 public:
  ScottishCount(const StvElection& election, const ScottishOptions& options)
      : election_(election),
        rng_(options.seed),
        seed_(options.seed),
        lot_by_tie_order_(options.lot_by_tie_order) {
    tie_rank_.assign(election.names.size(), static_cast<int>(election.names.size()));
    for (size_t i = 0; i < election.tie_order.size(); ++i)
      tie_rank_[static_cast<size_t>(election.tie_order[i])] = static_cast<int>(i);
    for (size_t c = 0; c < tie_rank_.size(); ++c) tie_rank_[c] = tie_rank_[c] * 2000 + static_cast<int>(c);
    const size_t n = election.names.size();
    state_.assign(n, State::continuing);
    totals_.assign(n, 0);
    parcels_.resize(n);
    for (int c : election.withdrawn) state_[static_cast<size_t>(c)] = State::withdrawn;
    result_.method = "scottish";
    result_.places = kScottishPlaces;
    result_.seats = election.seats;
  }

  StvResult run() {
    first_stage();
    while (true) {
      deem_elected_with_quota();
      if (count_complete()) break;
      StvStage& stage = begin_stage();
      if (!transfer_largest_surplus(stage)) {
        exclude_lowest(stage);
        finish_stage(stage);
        if (count_complete()) break;
        continue;
      }
      finish_stage(stage);
    }
    fill_last_vacancies();
    return std::move(result_);
  }

 private:
  // Rule 45: papers sorted by first preference; rule 46: the Droop quota on the valid papers.
  void first_stage() {
    for (const auto& ballot : election_.ballots) {
      Paper paper;
      paper.voters = ballot.weight;
      for (const auto& level : ballot.ranking) {
        if (level.size() > 1) throw StvCountError("the Scottish rules do not allow equal rankings");
        if (state_[static_cast<size_t>(level[0])] != State::withdrawn) paper.ranking.push_back(level[0]);
      }
      // A paper with no first preference is void, not non-transferable; it does not count toward the quota.
      if (paper.ranking.empty()) continue;
      result_.valid_ballots += ballot.weight;
      papers_.push_back(std::move(paper));
    }
    for (size_t i = 0; i < papers_.size(); ++i) place(i);
    quota_ = (result_.valid_ballots / (election_.seats + 1) + 1) * kOne;
    result_.quota = quota_;
    StvStage stage;
    stage.action = StvAction::first_preferences;
    result_.stages.push_back(stage);
    finish_stage(result_.stages.back());
  }

  // Gives the paper to the next continuing candidate from its current position, or to the
  // non-transferable parcel (rule 48(1)(b), 50(2)(b)).
  void place(size_t paper_index) {
    Paper& paper = papers_[paper_index];
    while (paper.position < paper.ranking.size() &&
           state_[static_cast<size_t>(paper.ranking[paper.position])] != State::continuing)
      ++paper.position;
    const int64_t votes = paper.value * paper.voters;
    if (paper.position == paper.ranking.size()) {
      non_transferable_ += votes;
      return;
    }
    const auto c = static_cast<size_t>(paper.ranking[paper.position]);
    totals_[c] += votes;
    parcels_[c].push_back(paper_index);
  }

  StvStage& begin_stage() {
    StvStage stage;
    stage.number = static_cast<int>(result_.stages.size());
    result_.stages.push_back(stage);
    return result_.stages.back();
  }

  void finish_stage(StvStage& stage) {
    stage.totals = totals_;
    stage.non_transferable = non_transferable_;
    stage.quota = quota_;
  }

  // Rule 47.
  void deem_elected_with_quota() {
    std::vector<int> reached;
    for (int c = 0; c < candidate_count(); ++c)
      if (state_[static_cast<size_t>(c)] == State::continuing && totals_[static_cast<size_t>(c)] >= quota_)
        reached.push_back(c);
    // Highest first; equal totals in reverse file order, as droop lists them.
    std::stable_sort(reached.begin(), reached.end(), [&](int a, int b) {
      return totals_[static_cast<size_t>(a)] < totals_[static_cast<size_t>(b)];
    });
    std::reverse(reached.begin(), reached.end());
    for (int c : reached) {
      state_[static_cast<size_t>(c)] = State::elected_pending;
      declare_elected(c);
    }
  }

  void declare_elected(int c) {
    result_.elected.push_back(c);
    result_.elected_stage.push_back(static_cast<int>(result_.stages.size()) - 1);
    result_.stages.back().elected.push_back(c);
  }

  int seats_left() const { return election_.seats - static_cast<int>(result_.elected.size()); }

  std::vector<int> continuing() const {
    std::vector<int> out;
    for (int c = 0; c < candidate_count(); ++c)
      if (state_[static_cast<size_t>(c)] == State::continuing) out.push_back(c);
    return out;
  }

  // Rule 52(1)-(2): stop once the continuing candidates can fill the remaining seats.
  bool count_complete() const {
    return seats_left() <= 0 || static_cast<int>(continuing().size()) <= seats_left();
  }

  // Rules 48 and 49: one surplus per stage, the largest first; every paper the candidate holds is
  // re-examined and carries surplus × value / total, truncated to 5 places (48(3)).
  bool transfer_largest_surplus(StvStage& stage) {
    std::vector<int> pending;
    for (int c = 0; c < candidate_count(); ++c)
      if (state_[static_cast<size_t>(c)] == State::elected_pending) pending.push_back(c);
    if (pending.empty()) return false;
    const int from = break_tie(highest(pending), /*pick_lowest=*/false, stage, "largest surplus");
    const auto f = static_cast<size_t>(from);
    const int64_t total = totals_[f];
    const int64_t surplus = total - quota_;
    stage.action = StvAction::surplus;
    stage.candidates = {from};
    state_[f] = State::elected;
    std::vector<size_t> parcel = std::move(parcels_[f]);
    parcels_[f].clear();
    for (size_t paper_index : parcel) {
      Paper& paper = papers_[paper_index];
      paper.value = fixed::muldiv_down(paper.value, surplus, total);
      place(paper_index);
    }
    totals_[f] = quota_;
    return true;
  }

  // Rules 50 and 51: exclude the lowest continuing candidate; papers move at their current value.
  void exclude_lowest(StvStage& stage) {
    const auto candidates = continuing();
    const int out = break_tie(lowest(candidates), /*pick_lowest=*/true, stage, "exclusion");
    const auto o = static_cast<size_t>(out);
    stage.action = StvAction::exclusion;
    stage.candidates = {out};
    state_[o] = State::excluded;
    std::vector<size_t> parcel = std::move(parcels_[o]);
    parcels_[o].clear();
    for (size_t paper_index : parcel) place(paper_index);
    totals_[o] = 0;
  }

  std::vector<int> highest(const std::vector<int>& among) const {
    int64_t best = INT64_MIN;
    for (int c : among) best = std::max(best, totals_[static_cast<size_t>(c)]);
    std::vector<int> out;
    for (int c : among)
      if (totals_[static_cast<size_t>(c)] == best) out.push_back(c);
    return out;
  }

  std::vector<int> lowest(const std::vector<int>& among) const {
    int64_t least = INT64_MAX;
    for (int c : among) least = std::min(least, totals_[static_cast<size_t>(c)]);
    std::vector<int> out;
    for (int c : among)
      if (totals_[static_cast<size_t>(c)] == least) out.push_back(c);
    return out;
  }

  // Rules 49(2)-(3) and 51(2): look back through earlier stages, most recent first, keeping those
  // with the lowest (exclusion) or highest (surplus) votes at the first stage where they differ; then lot.
  int break_tie(std::vector<int> tied, bool pick_lowest, StvStage& stage, const std::string& reason) {
    if (tied.size() == 1) return tied[0];
    const std::string names = joined_names(tied);
    // The stage being decided is the last one recorded and has no totals yet; skip it.
    for (size_t s = result_.stages.size() - 1; s-- > 0;) {
      const auto& totals = result_.stages[s].totals;
      int64_t target = totals[static_cast<size_t>(tied[0])];
      for (int c : tied)
        target = pick_lowest ? std::min(target, totals[static_cast<size_t>(c)])
                             : std::max(target, totals[static_cast<size_t>(c)]);
      std::erase_if(tied, [&](int c) { return totals[static_cast<size_t>(c)] != target; });
      if (tied.size() == 1) {
        stage.notes.push_back("tie (" + reason + ") between " + names + " broken by the votes at stage " +
                              std::to_string(s) + ": " + election_.names[static_cast<size_t>(tied[0])]);
        return tied[0];
      }
    }
    if (lot_by_tie_order_) {
      const int chosen = *std::min_element(tied.begin(), tied.end(), [&](int a, int b) {
        return tie_rank_[static_cast<size_t>(a)] < tie_rank_[static_cast<size_t>(b)];
      });
      stage.notes.push_back("tie (" + reason + ") between " + names +
                            " broken by the file's tie order in place of a lot: " +
                            election_.names[static_cast<size_t>(chosen)]);
      return chosen;
    }
    const int chosen = tied[static_cast<size_t>(rng_() % tied.size())];
    stage.notes.push_back("tie (" + reason + ") between " + names + " broken by lot (seed " +
                          std::to_string(seed_) + "): " + election_.names[static_cast<size_t>(chosen)]);
    return chosen;
  }

  std::string joined_names(const std::vector<int>& candidates) const {
    std::string out;
    for (int c : candidates) out += (out.empty() ? "" : ", ") + election_.names[static_cast<size_t>(c)];
    return out;
  }

  // Rule 52: when the continuing candidates are as many as the vacancies, they are all elected.
  void fill_last_vacancies() {
    if (seats_left() <= 0) return;
    const auto remaining = continuing();
    if (static_cast<int>(remaining.size()) > seats_left()) return;
    for (int c : remaining) {
      state_[static_cast<size_t>(c)] = State::elected;
      declare_elected(c);
    }
  }

  int candidate_count() const { return static_cast<int>(election_.names.size()); }

  const StvElection& election_;
  std::mt19937_64 rng_;
  uint64_t seed_;
  bool lot_by_tie_order_;
  std::vector<int> tie_rank_;  // position in [tie] order first, then file order
  StvResult result_;
  std::vector<State> state_;
  std::vector<int64_t> totals_;
  std::vector<std::vector<size_t>> parcels_;
  std::vector<Paper> papers_;
  int64_t quota_ = 0;
  int64_t non_transferable_ = 0;
};

}  // namespace

StvResult count_scottish(const StvElection& election, const ScottishOptions& options) {
  return ScottishCount(election, options).run();
}

}  // namespace cw::count
