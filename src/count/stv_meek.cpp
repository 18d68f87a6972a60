// PRF reference Meek count (see stv_meek.h). Step labels (A, B.2.a, …) are those of the PRF rule.
#include "count/stv_meek.h"

#include <algorithm>
#include <numeric>
#include <random>

#include "count/fixed.h"

namespace cw::count {
namespace {

constexpr int64_t kOne = fixed::scale(kMeekPlaces);
constexpr int64_t kOmega = kOne / 1'000'000;  // 10^-6

enum class State { hopeful, elected, defeated, withdrawn };
enum class Iteration { go_on, elected, omega, stable };

struct MeekBallot {
  std::vector<int> ranking;
  int64_t voters = 1;
};

class MeekCount {
 public:
  MeekCount(const StvElection& election, const MeekOptions& options) : election_(election) {
    const size_t n = election.names.size();
    state_.assign(n, State::hopeful);
    keep_.assign(n, kOne);  // A: keep factor 1, withdrawn 0
    votes_.assign(n, 0);
    for (int c : election.withdrawn) {
      state_[static_cast<size_t>(c)] = State::withdrawn;
      keep_[static_cast<size_t>(c)] = 0;
    }
    tie_rank_ = tie_ranks(election, options);
    for (const auto& ballot : election.ballots) {
      MeekBallot b;
      b.voters = ballot.weight;
      for (const auto& level : ballot.ranking) {
        if (level.size() > 1) throw StvCountError("the Meek reference rule does not allow equal rankings");
        b.ranking.push_back(level[0]);
      }
      total_voters_ += ballot.weight;
      ballots_.push_back(std::move(b));
    }
    result_.method = "meek";
    result_.places = kMeekPlaces;
    result_.seats = election.seats;
    result_.valid_ballots = total_voters_;
  }

  StvResult run() {
    begin_count();
    // B.1: go on while there are more hopefuls than seats left and a seat is left.
    while (hopefuls().size() > static_cast<size_t>(seats_left()) && seats_left() > 0) {
      const Iteration outcome = iterate();
      if (outcome == Iteration::elected) continue;
      defeat_lowest(outcome);
    }
    finish();
    return std::move(result_);
  }

 private:
  void begin_count() {
    for (const auto& ballot : ballots_) {
      const auto first = std::find_if(ballot.ranking.begin(), ballot.ranking.end(),
                                      [&](int c) { return keep_[static_cast<size_t>(c)] > 0; });
      if (first != ballot.ranking.end()) votes_[static_cast<size_t>(*first)] += ballot.voters * kOne;
    }
    quota_ = total_voters_ * kOne / (election_.seats + 1) + 1;
    excess_ = total_voters_ * kOne - std::accumulate(votes_.begin(), votes_.end(), int64_t{0});
    record(StvAction::first_preferences, {});
  }

  // B.2: distribute, update the quota, elect, and repeat with new keep factors until something is
  // decided or the surplus is below omega or stops falling.
  Iteration iterate() {
    int64_t last_surplus = total_voters_ * kOne;
    while (true) {
      distribute();
      int64_t counted = 0;
      for (size_t c = 0; c < votes_.size(); ++c)
        if (state_[c] == State::hopeful || state_[c] == State::elected) counted += votes_[c];
      quota_ = counted / (election_.seats + 1) + 1;  // B.2.b: truncated, plus 10^-9
      std::vector<int> winners;
      for (int c : hopefuls())
        if (votes_[static_cast<size_t>(c)] >= quota_) winners.push_back(c);  // B.2.c
      surplus_ = 0;
      for (size_t c = 0; c < votes_.size(); ++c)
        if (state_[c] == State::elected || std::find(winners.begin(), winners.end(), c) != winners.end())
          surplus_ += votes_[c] - quota_;
      surplus_ = std::max<int64_t>(surplus_, 0);  // B.2.d
      if (!winners.empty()) {
        for (int c : winners) state_[static_cast<size_t>(c)] = State::elected;
        StvStage& stage = record(StvAction::election, winners);
        for (int c : winners) elect(c, stage);
        return Iteration::elected;
      }
      if (surplus_ < kOmega) return Iteration::omega;  // B.2.e
      if (surplus_ >= last_surplus) return Iteration::stable;
      last_surplus = surplus_;
      for (size_t c = 0; c < votes_.size(); ++c)  // B.2.f
        if (state_[c] == State::elected)
          keep_[c] = fixed::muldiv_up(fixed::muldiv_up(keep_[c], quota_, kOne), kOne, votes_[c]);
    }
  }

  // B.2.a: each ballot starts at weight 1; each candidate keeps weight × keep factor (rounded up).
  void distribute() {
    std::fill(votes_.begin(), votes_.end(), 0);
    excess_ = 0;
    for (const auto& ballot : ballots_) {
      int64_t weight = kOne;
      for (int c : ballot.ranking) {
        const int64_t keep_factor = keep_[static_cast<size_t>(c)];
        if (keep_factor == 0) continue;
        const int64_t kept = fixed::muldiv_up(weight, keep_factor, kOne);
        votes_[static_cast<size_t>(c)] += kept * ballot.voters;
        weight -= kept;
        if (weight <= 0) break;
      }
      excess_ += weight * ballot.voters;
    }
  }

  // B.3: candidates within the total surplus of the lowest vote are tied; rule T picks one.
  void defeat_lowest(Iteration outcome) {
    const auto candidates = hopefuls();
    int64_t low = INT64_MAX;
    for (int c : candidates) low = std::min(low, votes_[static_cast<size_t>(c)]);
    std::vector<int> tied;
    for (int c : candidates)
      if (votes_[static_cast<size_t>(c)] <= low + surplus_) tied.push_back(c);
    const int loser = *std::min_element(tied.begin(), tied.end(), [&](int a, int b) {
      return tie_rank_[static_cast<size_t>(a)] < tie_rank_[static_cast<size_t>(b)];
    });
    StvStage& stage = record(StvAction::defeat, {loser});
    if (tied.size() > 1) {
      std::string names;
      for (int c : tied) names += (names.empty() ? "" : ", ") + election_.names[static_cast<size_t>(c)];
      stage.notes.push_back("tie for defeat between " + names +
                            " broken by the tie order: " + election_.names[static_cast<size_t>(loser)]);
    }
    stage.notes.push_back(outcome == Iteration::omega
                              ? "surplus " + fixed::format(surplus_, kMeekPlaces) + " below omega"
                              : "stable surplus " + fixed::format(surplus_, kMeekPlaces));
    state_[static_cast<size_t>(loser)] = State::defeated;
    votes_[static_cast<size_t>(loser)] = 0;
    keep_[static_cast<size_t>(loser)] = 0;
  }

  // C.1: seats still unfilled go to the remaining hopefuls.
  void finish() {
    const auto remaining = hopefuls();
    if (remaining.empty()) return;
    if (seats_left() > 0) {
      for (int c : remaining) {
        if (seats_left() == 0) break;
        state_[static_cast<size_t>(c)] = State::elected;
        elect(c, result_.stages.back());
      }
    }
  }

  StvStage& record(StvAction action, std::vector<int> candidates) {
    StvStage stage;
    stage.number = static_cast<int>(result_.stages.size());
    stage.action = action;
    stage.candidates = std::move(candidates);
    stage.totals = votes_;
    stage.non_transferable = excess_;
    stage.quota = quota_;
    result_.quota = quota_;
    result_.stages.push_back(std::move(stage));
    return result_.stages.back();
  }

  void elect(int c, StvStage& stage) {
    result_.elected.push_back(c);
    result_.elected_stage.push_back(stage.number);
    stage.elected.push_back(c);
  }

  std::vector<int> hopefuls() const {
    std::vector<int> out;
    for (size_t c = 0; c < state_.size(); ++c)
      if (state_[c] == State::hopeful) out.push_back(static_cast<int>(c));
    return out;
  }

  int seats_left() const { return election_.seats - static_cast<int>(result_.elected.size()); }

  static std::vector<int> tie_ranks(const StvElection& election, const MeekOptions& options) {
    std::vector<int> order;
    if (options.seed) {
      order.resize(election.names.size());
      std::iota(order.begin(), order.end(), 0);
      std::mt19937_64 rng(*options.seed);
      for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    } else {
      order = election.tie_order;
      for (int c = 0; c < election.candidate_count(); ++c)
        if (std::find(order.begin(), order.end(), c) == order.end()) order.push_back(c);
    }
    std::vector<int> rank(order.size());
    for (size_t i = 0; i < order.size(); ++i) rank[static_cast<size_t>(order[i])] = static_cast<int>(i);
    return rank;
  }

  const StvElection& election_;
  StvResult result_;
  std::vector<MeekBallot> ballots_;
  std::vector<State> state_;
  std::vector<int64_t> keep_;
  std::vector<int64_t> votes_;
  std::vector<int> tie_rank_;
  int64_t total_voters_ = 0;
  int64_t quota_ = 0;
  int64_t surplus_ = 0;
  int64_t excess_ = 0;
};

}  // namespace

StvResult count_meek(const StvElection& election, const MeekOptions& options) {
  return MeekCount(election, options).run();
}

}  // namespace cw::count
