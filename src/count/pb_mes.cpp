#include "count/pb_mes.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>

#include "count/pb_greedy.h"
#include "count/pb_mes_fast.h"

namespace cw::count {

std::optional<MesCompletion> parse_mes_completion(std::string_view name) {
  if (name == "none") return MesCompletion::none;
  if (name == "add1") return MesCompletion::add1;
  if (name == "add1-exhaustive") return MesCompletion::add1_exhaustive;
  if (name == "add1-greedy") return MesCompletion::add1_greedy;
  return std::nullopt;
}

std::string_view mes_completion_name(MesCompletion completion) {
  switch (completion) {
    case MesCompletion::none:
      return "none";
    case MesCompletion::add1:
      return "add1";
    case MesCompletion::add1_exhaustive:
      return "add1-exhaustive";
    case MesCompletion::add1_greedy:
      return "add1-greedy";
  }
  return "none";
}

namespace {

using mes::MesSupport;
using mes::PointsBucket;

// One run of MES. Voters with the same ballot always have the same budget, and most groups share their
// budget with many others, so budgets live in "classes": each group points at a class, and each class
// holds one exact rational. Buying a project moves its supporters' groups to new classes; finding a
// project's payment only needs the few (class, points) pairs among its supporters, sorted.
class MesRun {
 public:
  MesRun(const PbProfile& profile, const MesSupport& support, const mpq_class& per_voter_budget)
      : profile_(profile), support_(support) {
    class_value_.push_back(0);  // class 0: voters with nothing left
    uint32_t start = class_for(per_voter_budget);
    class_of_.assign(support.group_voters.size(), start);
  }
  PbOutcome run();

 private:
  struct Term {
    mpq_class budget_per_point;
    uint32_t budget_class;
    int64_t points;
    uint64_t voters;
  };
  struct Candidate {
    mpq_class rho;      // payment per unit of utility (utility = points x cost): smaller is better
    mpq_class payment;  // per point
    uint32_t rank, project;
    uint64_t version;
  };
  static bool worse(const Candidate& a, const Candidate& b) {
    int c = cmp(a.rho, b.rho);
    return c != 0 ? c > 0 : a.rank > b.rank;
  }

  uint32_t class_for(const mpq_class& value);
  void collect_terms(uint32_t project);
  std::optional<mpq_class> payment_for(uint32_t project);
  std::optional<Candidate> evaluate(uint32_t project);
  void fund(uint32_t project, const mpq_class& payment);
  std::vector<uint32_t> settle_ties(const Candidate& winner);
  void pop(Candidate& into);
  void push(Candidate candidate);

  const PbProfile& profile_;
  const MesSupport& support_;
  std::vector<uint32_t> class_of_;
  std::vector<mpq_class> class_value_;
  std::map<mpq_class, uint32_t> class_by_value_;
  std::vector<uint64_t> scratch_;  // per class, zero between uses
  std::vector<uint32_t> remap_;    // per class, kNone between uses
  std::vector<uint32_t> touched_;
  std::vector<Term> terms_;
  std::vector<Candidate> heap_;
  uint64_t version_ = 0;  // number of projects bought so far
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
};

uint32_t MesRun::class_for(const mpq_class& value) {
  if (sgn(value) == 0) return 0;
  auto [it, inserted] = class_by_value_.emplace(value, static_cast<uint32_t>(class_value_.size()));
  if (inserted) class_value_.push_back(value);
  scratch_.resize(class_value_.size(), 0);
  remap_.resize(class_value_.size(), kNone);
  return it->second;
}

void MesRun::collect_terms(uint32_t project) {
  terms_.clear();
  for (const PointsBucket& bucket : support_.buckets[project]) {
    if (version_ == 0) {  // every voter still has the same budget: no need to look at the groups
      if (class_of_.empty() || class_of_[bucket.groups.front()] == 0) continue;
      uint32_t k = class_of_[bucket.groups.front()];
      terms_.push_back(Term{mpq_class(class_value_[k] / bucket.points), k, bucket.points, bucket.voters});
      continue;
    }
    for (uint32_t g : bucket.groups) {
      uint32_t k = class_of_[g];
      if (k == 0) continue;
      if (scratch_[k] == 0) touched_.push_back(k);
      scratch_[k] += support_.group_voters[g];
    }
    for (uint32_t k : touched_) {
      // With one point there is nothing to divide, and mpq division would pay for a gcd.
      terms_.push_back(Term{bucket.points == 1 ? class_value_[k] : mpq_class(class_value_[k] / bucket.points),
                            k, bucket.points, scratch_[k]});
      scratch_[k] = 0;
    }
    touched_.clear();
  }
}

// The smallest payment per point q with sum over supporters of min(budget, q * points) = cost: walk the
// supporters from the poorest (per point) up; those who cannot pay q give everything they have.
std::optional<mpq_class> MesRun::payment_for(uint32_t project) {
  const mpq_class& cost = profile_.costs[project];
  if (sgn(cost) == 0) return mpq_class(0);
  collect_terms(project);
  std::sort(terms_.begin(), terms_.end(),
            [](const Term& a, const Term& b) { return a.budget_per_point < b.budget_per_point; });
  mpq_class remaining_cost = cost;
  mpz_class remaining_points = 0;
  for (const Term& term : terms_) remaining_points += mpz_class(term.voters) * term.points;
  for (const Term& term : terms_) {
    if (term.budget_per_point * remaining_points >= remaining_cost) return remaining_cost / remaining_points;
    remaining_cost -= class_value_[term.budget_class] * mpz_class(term.voters);
    remaining_points -= mpz_class(term.voters) * term.points;
  }
  return std::nullopt;
}

std::optional<MesRun::Candidate> MesRun::evaluate(uint32_t project) {
  std::optional<mpq_class> payment = payment_for(project);
  if (!payment) return std::nullopt;
  const mpq_class& cost = profile_.costs[project];
  mpq_class rho = sgn(cost) == 0 ? mpq_class(0) : mpq_class(*payment / cost);
  return Candidate{std::move(rho), std::move(*payment), profile_.tie_rank[project], project, version_};
}

void MesRun::fund(uint32_t project, const mpq_class& payment) {
  for (const PointsBucket& bucket : support_.buckets[project]) {
    mpq_class due = payment * bucket.points;
    for (uint32_t g : bucket.groups) {
      uint32_t k = class_of_[g];
      if (k == 0) continue;
      if (remap_[k] == kNone) {
        touched_.push_back(k);
        remap_[k] = class_value_[k] <= due ? 0 : class_for(class_value_[k] - due);
      }
      class_of_[g] = remap_[k];
    }
    for (uint32_t k : touched_) remap_[k] = kNone;
    touched_.clear();
  }
  ++version_;
}

void MesRun::pop(Candidate& into) {
  std::pop_heap(heap_.begin(), heap_.end(), worse);
  into = std::move(heap_.back());
  heap_.pop_back();
}

void MesRun::push(Candidate candidate) {
  heap_.push_back(std::move(candidate));
  std::push_heap(heap_.begin(), heap_.end(), worse);
}

// Other projects whose up-to-date rho equals the winner's: they lost only by the tie-break order.
std::vector<uint32_t> MesRun::settle_ties(const Candidate& winner) {
  std::vector<uint32_t> tied{winner.project};
  std::vector<Candidate> keep;
  Candidate next;
  while (!heap_.empty() && heap_.front().rho == winner.rho) {
    pop(next);
    if (next.version != version_) {
      std::optional<Candidate> fresh = evaluate(next.project);
      if (!fresh) continue;
      next = std::move(*fresh);
    }
    if (next.rho == winner.rho) tied.push_back(next.project);
    keep.push_back(std::move(next));
  }
  for (Candidate& candidate : keep) push(std::move(candidate));
  return tied;
}

// Lazy selection: a project's rho can only grow as budgets shrink, so a stale value in the heap is a
// lower bound; only the top is re-evaluated, until the top is up to date.
PbOutcome MesRun::run() {
  for (uint32_t p = 0; p < profile_.project_count(); ++p)
    if (support_.supported[p])
      if (std::optional<Candidate> candidate = evaluate(p)) push(std::move(*candidate));
  PbOutcome outcome;
  outcome.per_voter_budget = class_value_[class_of_.empty() ? 0 : class_of_.front()];
  Candidate best;
  while (!heap_.empty()) {
    pop(best);
    if (best.version != version_) {
      if (std::optional<Candidate> fresh = evaluate(best.project)) push(std::move(*fresh));
      continue;
    }
    std::vector<uint32_t> tied = settle_ties(best);
    const mpq_class& cost = profile_.costs[best.project];
    fund(best.project, best.payment);
    outcome.selected.push_back(best.project);
    outcome.cost += cost;
    mpq_class effective_votes = sgn(best.payment) == 0 ? mpq_class(0) : mpq_class(cost / best.payment);
    outcome.rounds.push_back(
        PbRound{best.project, "selected", effective_votes, best.payment, profile_.budget - outcome.cost});
    if (tied.size() > 1)
      outcome.ties.push_back(
          PbTie{outcome.rounds.size() - 1, std::move(tied),
                "equal payment per unit of utility: the tie-break order chose which is bought first"});
  }
  return outcome;
}

bool all_supported_selected(const MesSupport& support, const PbOutcome& outcome) {
  size_t selected_supported = 0;
  for (uint32_t p : outcome.selected) selected_supported += support.supported[p];
  return selected_supported == support.supported_count;
}

// One run of a completion. A fast run gives only the selection and its cost here; its rounds are rebuilt
// exactly by `finish`, and only for the run that is kept.
struct StepResult {
  PbOutcome outcome;
  std::optional<mes::FastRun> fast;
};

StepResult count_step(const PbProfile& profile, const MesSupport& support, const mpq_class& per_voter_budget,
                      MesEngine engine) {
  StepResult result;
  if (engine == MesEngine::automatic) result.fast = mes::run_fast(profile, support, per_voter_budget);
  if (!result.fast) {
    result.outcome = MesRun(profile, support, per_voter_budget).run();
    return result;
  }
  for (const mes::FastRun::Round& round : result.fast->rounds) {
    result.outcome.selected.push_back(round.project);
    result.outcome.cost += profile.costs[round.project];
  }
  result.outcome.per_voter_budget = per_voter_budget;
  return result;
}

PbOutcome finish(const PbProfile& profile, StepResult&& step) {
  if (!step.fast) return std::move(step.outcome);
  PbOutcome outcome = mes::replay_exact(profile, *step.fast, *step.outcome.per_voter_budget);
  outcome.completion_steps = step.outcome.completion_steps;
  return outcome;
}

void note(MesStats* stats, const StepResult& step) {
  if (stats) ++(step.fast ? stats->fast_runs : stats->exact_runs);
}

// add1 needs every step until the first that overspends, and each step is a whole run of MES, independent
// of the others. So with several threads each one takes the next step not yet taken, and the results are
// taken in order, by whichever thread hands in the one that is next, exactly as if counted one by one:
// the kept step is the same whatever the timing. Steps counted past the stopping point are thrown away.
// (Counting in pairs, the faster of two steps waited for the slower one before the next pair began.)
class Add1Loop {
 public:
  Add1Loop(const PbProfile& profile, const MesSupport& support, MesCompletion completion, MesEngine engine,
           MesStats* stats, size_t threads)
      : profile_(profile), support_(support), completion_(completion), engine_(engine), stats_(stats) {
    if (profile.voter_count != 0) start_ = profile.budget / profile.voter_count;
    threads_ = threads != 0 ? threads : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  }
  PbOutcome run();

 private:
  StepResult step(size_t t) { return count_step(profile_, support_, start_ + t, engine_); }
  bool done() const {
    return (completion_ == MesCompletion::add1_exhaustive && is_exhaustive(profile_, kept_.outcome)) ||
           all_supported_selected(support_, kept_.outcome);
  }
  void count_steps();
  void hand_in(size_t t, StepResult&& result);

  const PbProfile& profile_;
  const MesSupport& support_;
  MesCompletion completion_;
  MesEngine engine_;
  MesStats* stats_;
  mpq_class start_ = 0;
  size_t threads_ = 1;

  std::mutex mutex_;                      // guards everything below
  StepResult kept_;                       // the last step taken that fits the budget
  size_t next_to_count_ = 1;              // the next step a thread may start
  size_t next_to_take_ = 1;               // the next step whose result is taken
  size_t stop_ = SIZE_MAX;                // no step from here on is counted or taken
  std::map<size_t, StepResult> waiting_;  // counted, not yet taken: later than next_to_take_
  std::exception_ptr failure_;
};

// What each thread does: count the next step, hand it in, until the loop has stopped.
void Add1Loop::count_steps() {
  while (true) {
    size_t t;
    {
      std::lock_guard lock(mutex_);
      if (next_to_count_ >= stop_) return;
      t = next_to_count_++;
    }
    try {
      hand_in(t, step(t));
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!failure_) failure_ = std::current_exception();
      stop_ = 0;
      return;
    }
  }
}

// Takes every result that is next in order: a step that overspends ends the loop; one that fits is kept,
// and ends the loop when nothing more can be added.
void Add1Loop::hand_in(size_t t, StepResult&& result) {
  std::lock_guard lock(mutex_);
  if (t >= stop_) return;
  waiting_.emplace(t, std::move(result));
  for (auto next = waiting_.begin(); next != waiting_.end() && next->first == next_to_take_;
       next = waiting_.begin()) {
    StepResult taken = std::move(next->second);
    waiting_.erase(next);
    note(stats_, taken);
    if (taken.outcome.cost > profile_.budget) {
      stop_ = next_to_take_;
      break;
    }
    kept_ = std::move(taken);
    kept_.outcome.completion_steps = next_to_take_++;
    if (done()) {
      stop_ = next_to_take_;
      break;
    }
  }
  if (next_to_take_ >= stop_) waiting_.clear();
}

PbOutcome Add1Loop::run() {
  kept_ = step(0);
  note(stats_, kept_);
  if (completion_ == MesCompletion::none || profile_.voter_count == 0)
    return finish(profile_, std::move(kept_));
  if (done()) stop_ = 1;
  std::vector<std::thread> helpers;
  for (size_t i = 1; i < threads_; ++i) {
    try {
      helpers.emplace_back([this] { count_steps(); });
    } catch (const std::system_error&) {
      break;  // fewer threads count the same steps, only more slowly
    }
  }
  count_steps();
  for (std::thread& helper : helpers) helper.join();
  if (failure_) std::rethrow_exception(failure_);
  PbOutcome outcome = finish(profile_, std::move(kept_));
  if (completion_ == MesCompletion::add1_greedy) fill_greedily(profile_, outcome);
  return outcome;
}

}  // namespace

PbOutcome run_mes(const PbProfile& profile, const mpq_class& per_voter_budget, MesEngine engine,
                  MesStats* stats) {
  MesSupport support = mes::build_support(profile);
  StepResult result = count_step(profile, support, per_voter_budget, engine);
  note(stats, result);
  return finish(profile, std::move(result));
}

bool is_exhaustive(const PbProfile& profile, const PbOutcome& outcome) {
  std::vector<bool> chosen(profile.project_count());
  for (uint32_t p : outcome.selected) chosen[p] = true;
  mpq_class money_left = profile.budget - outcome.cost;
  for (uint32_t p = 0; p < profile.project_count(); ++p)
    if (!chosen[p] && profile.costs[p] <= money_left) return false;
  return true;
}

// add1 follows the official city counts: raise every voter's budget by one unit at a time and keep the
// last outcome that fits the real budget. The outcome's cost is not monotone in the per-voter budget,
// so every step is counted; none is skipped.
PbOutcome count_mes(const PbProfile& profile, MesCompletion completion, MesEngine engine, MesStats* stats,
                    size_t threads) {
  MesSupport support = mes::build_support(profile);
  return Add1Loop(profile, support, completion, engine, stats, threads).run();
}

GreedyComparison compare_with_greedy(const PbProfile& profile, const PbOutcome& mes,
                                     const PbOutcome& greedy) {
  std::vector<int> mes_has(profile.project_count()), greedy_has(profile.project_count());
  for (uint32_t p : mes.selected) mes_has[p] = 1;
  for (uint32_t p : greedy.selected) greedy_has[p] = 1;
  GreedyComparison comparison;
  for (const PbBallot& ballot : profile.ballots) {
    int under_mes = 0, under_greedy = 0;
    for (uint32_t p : ballot.projects) under_mes += mes_has[p], under_greedy += greedy_has[p];
    (under_mes > under_greedy   ? comparison.more_under_mes
     : under_mes < under_greedy ? comparison.more_under_greedy
                                : comparison.same) += ballot.voters;
  }
  return comparison;
}

}  // namespace cw::count
