#include "count/pb_mes_fast.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cw::count::mes {

namespace {

// Running error analysis: every quantity is a double `v` with a bound `e` on |v - exact|. kU is 8 times
// the unit roundoff, so it also covers the rounding of the error bookkeeping itself; kTiny covers
// underflow. Integers passed as doubles (voter counts, points) are below 2^53 and so exact.
constexpr double kU = 0x1p-50;
constexpr double kTiny = 0x1p-1000;

struct Approx {
  double v = 0, e = 0;
};

double grow(double e) {
  return e * (1 + kU);
}
Approx round_off(double r, double e) {
  return {r, grow(e) + std::abs(r) * kU + kTiny};
}
Approx sub(Approx a, Approx b) {
  return round_off(a.v - b.v, a.e + b.e);
}
Approx mul_int(Approx a, double n) {
  return round_off(a.v * n, a.e * n);
}
Approx div_int(Approx a, double n) {
  return round_off(a.v / n, a.e / n);
}
// a / b for b certainly positive: |A/B - a/b| <= (ea + |a/b| eb) / (b - eb).
Approx div(Approx a, Approx b) {
  double r = a.v / b.v;
  return round_off(r, grow(grow(a.e + std::abs(r) * b.e) / (b.v - grow(b.e))));
}
// Rigorous bounds on the exact value, with the rounding of these two operations covered.
double lower(Approx a) {
  return a.v - grow(a.e) - std::abs(a.v) * kU - kTiny;
}
double upper(Approx a) {
  return a.v + grow(a.e) + std::abs(a.v) * kU + kTiny;
}
bool certainly_less(Approx a, Approx b) {
  return upper(a) < lower(b);
}

Approx to_approx(const mpq_class& x) {
  double d = x.get_d();
  if (mpq_class(d) == x) return {d, 0};
  return {d, std::abs(d) * 0x1p-51 + kTiny};
}

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// One fast run. The structure follows the exact MesRun: budget classes, lazy selection from a heap of
// lower bounds on rho, payments from the sorted (class, points) terms of a project's supporters.
class FastMes {
 public:
  FastMes(const PbProfile& profile, const MesSupport& support, const mpq_class& per_voter_budget)
      : profile_(profile), support_(support) {
    new_class({0, 0}, kNone, 0);  // class 0: voters with nothing left (exactly)
    uint32_t root = sgn(per_voter_budget) > 0 ? new_class(to_approx(per_voter_budget), kNone, 0) : 0;
    class_of_.assign(support.group_voters.size(), root);
    root_ = root;
  }
  bool run();
  FastRun take() { return std::move(record_); }

 private:
  struct Term {
    double key;  // budget per point, only for sorting
    uint32_t budget_class;
    int64_t points;
    uint64_t voters;
  };
  struct Candidate {
    double low, high;  // rigorous bounds on rho (payment per unit of utility)
    Approx payment;    // per point
    uint32_t rank, project;
    uint64_t version;
  };
  enum class Status { ok, unaffordable, uncertain };
  static bool worse(const Candidate& a, const Candidate& b) {
    return a.low != b.low ? a.low > b.low : a.rank > b.rank;
  }

  uint32_t new_class(Approx value, uint32_t parent, int64_t points);
  void collect_terms(uint32_t project);
  Status payment_for(uint32_t project, Approx& payment);
  Status evaluate(uint32_t project, Candidate& out);
  bool fund(uint32_t project, Approx payment);
  bool refresh_top();
  void pop(Candidate& into);
  void push(const Candidate& candidate);

  const PbProfile& profile_;
  const MesSupport& support_;
  uint32_t root_ = 0;
  std::vector<uint32_t> class_of_;  // per ballot group
  std::vector<Approx> value_;       // per class
  std::vector<uint64_t> scratch_;   // per class, zero between uses
  std::vector<uint32_t> remap_;     // per class, kNone between uses
  std::vector<uint32_t> touched_;
  std::vector<Term> terms_;
  std::vector<Candidate> heap_;
  uint64_t version_ = 0;
  FastRun record_;
};

uint32_t FastMes::new_class(Approx value, uint32_t parent, int64_t points) {
  value_.push_back(value);
  scratch_.push_back(0);
  remap_.push_back(kNone);
  record_.class_parent.push_back(parent);
  record_.class_round.push_back(static_cast<uint32_t>(record_.rounds.size()));
  record_.class_points.push_back(points);
  return static_cast<uint32_t>(value_.size() - 1);
}

void FastMes::collect_terms(uint32_t project) {
  terms_.clear();
  for (const PointsBucket& bucket : support_.buckets[project]) {
    auto points = static_cast<double>(bucket.points);
    if (version_ == 0) {  // every voter still has the starting budget
      if (root_ != 0) terms_.push_back(Term{value_[root_].v / points, root_, bucket.points, bucket.voters});
      continue;
    }
    for (uint32_t g : bucket.groups) {
      uint32_t k = class_of_[g];
      if (k == 0) continue;
      if (scratch_[k] == 0) touched_.push_back(k);
      scratch_[k] += support_.group_voters[g];
    }
    for (uint32_t k : touched_) {
      terms_.push_back(Term{value_[k].v / points, k, bucket.points, scratch_[k]});
      scratch_[k] = 0;
    }
    touched_.clear();
  }
}

// As in the exact engine: walk the terms from the poorest per point; those who cannot pay the share give
// everything. The walk uses plain doubles; its outcome is then certified term by term: every capped term
// certainly has budget < payment x points, every other certainly more. Then the payment is the exact
// root of sum min(budget, q x points) = cost, within its error bound.
FastMes::Status FastMes::payment_for(uint32_t project, Approx& payment) {
  collect_terms(project);
  std::sort(terms_.begin(), terms_.end(), [](const Term& a, const Term& b) { return a.key < b.key; });
  uint64_t remaining_points = 0;
  for (const Term& term : terms_) remaining_points += term.voters * static_cast<uint64_t>(term.points);
  Approx remaining_cost{support_.cost_value[project], support_.cost_error[project]};
  size_t capped = 0;
  for (; capped < terms_.size(); ++capped) {
    const Term& term = terms_[capped];
    if (term.key * static_cast<double>(remaining_points) >= remaining_cost.v) break;
    remaining_cost =
        sub(remaining_cost, mul_int(value_[term.budget_class], static_cast<double>(term.voters)));
    remaining_points -= term.voters * static_cast<uint64_t>(term.points);
  }
  if (capped == terms_.size()) return lower(remaining_cost) > 0 ? Status::unaffordable : Status::uncertain;
  payment = div_int(remaining_cost, static_cast<double>(remaining_points));
  for (size_t i = 0; i < terms_.size(); ++i) {
    Approx budget = value_[terms_[i].budget_class];
    Approx due = mul_int(payment, static_cast<double>(terms_[i].points));
    if (i < capped ? !certainly_less(budget, due) : !certainly_less(due, budget)) return Status::uncertain;
  }
  return Status::ok;
}

FastMes::Status FastMes::evaluate(uint32_t project, Candidate& out) {
  out.rank = profile_.tie_rank[project];
  out.project = project;
  out.version = version_;
  if (sgn(profile_.costs[project]) == 0) {  // free: nobody pays, rho is exactly 0
    out.low = out.high = 0;
    out.payment = {0, 0};
    return Status::ok;
  }
  Status status = payment_for(project, out.payment);
  if (status != Status::ok) return status;
  Approx rho = div(out.payment, {support_.cost_value[project], support_.cost_error[project]});
  out.low = lower(rho), out.high = upper(rho);
  return Status::ok;
}

// Every supporter pays min(budget, payment x points); the classification is certified again here, and the
// round's record keeps what replay_exact needs: who paid everything, and the points of those who did not.
bool FastMes::fund(uint32_t project, Approx payment) {
  FastRun::Round round;
  round.project = project;
  bool free = sgn(profile_.costs[project]) == 0;
  for (const PointsBucket& bucket : support_.buckets[project]) {
    if (free) break;
    Approx due = mul_int(payment, static_cast<double>(bucket.points));
    for (uint32_t g : bucket.groups) {
      uint32_t k = class_of_[g];
      if (k == 0) continue;
      if (remap_[k] == kNone) {
        touched_.push_back(k);
        if (certainly_less(value_[k], due)) {
          remap_[k] = 0;
        } else if (certainly_less(due, value_[k])) {
          remap_[k] = new_class(sub(value_[k], due), k, bucket.points);
        } else {
          return false;
        }
      }
      if (remap_[k] == 0)
        scratch_[k] += support_.group_voters[g];
      else
        round.paying_points += support_.group_voters[g] * static_cast<uint64_t>(bucket.points);
      class_of_[g] = remap_[k];
    }
    for (uint32_t k : touched_) {
      if (remap_[k] == 0) round.capped.push_back(FastRun::Capped{k, scratch_[k]});
      scratch_[k] = 0;
      remap_[k] = kNone;
    }
    touched_.clear();
  }
  record_.rounds.push_back(std::move(round));
  ++version_;
  return true;
}

void FastMes::pop(Candidate& into) {
  std::pop_heap(heap_.begin(), heap_.end(), worse);
  into = heap_.back();
  heap_.pop_back();
}

void FastMes::push(const Candidate& candidate) {
  heap_.push_back(candidate);
  std::push_heap(heap_.begin(), heap_.end(), worse);
}

// Replaces the top of the heap by its current value (or drops it if no longer affordable).
bool FastMes::refresh_top() {
  Candidate top;
  pop(top);
  Status status = evaluate(top.project, top);
  if (status == Status::uncertain) return false;
  if (status == Status::ok) push(top);
  return true;
}

// Lazy selection as in the exact engine, but a project is bought only when its rho is certainly below
// the lower bound of every other project in the heap; otherwise stale rivals are brought up to date, and
// a current rival that cannot be told apart (a possible tie) sends the run to the exact engine.
bool FastMes::run() {
  Candidate candidate;
  for (uint32_t p = 0; p < profile_.project_count(); ++p) {
    if (!support_.supported[p]) continue;
    Status status = evaluate(p, candidate);
    if (status == Status::uncertain) return false;
    if (status == Status::ok) push(candidate);
  }
  Candidate best;
  while (!heap_.empty()) {
    pop(best);
    if (best.version != version_) {
      Status status = evaluate(best.project, best);
      if (status == Status::uncertain) return false;
      if (status == Status::ok) push(best);
      continue;
    }
    while (!heap_.empty() && !(best.high < heap_.front().low)) {
      if (heap_.front().version == version_) return false;
      if (!refresh_top()) return false;
    }
    if (!fund(best.project, best.payment)) return false;
  }
  return true;
}

const mpq_class& exact_class_value(const FastRun& run, const std::vector<mpq_class>& payments,
                                   std::vector<std::optional<mpq_class>>& memo, uint32_t k) {
  std::vector<uint32_t> chain;
  for (uint32_t c = k; !memo[c]; c = run.class_parent[c]) chain.push_back(c);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    uint32_t c = *it;
    memo[c] = *memo[run.class_parent[c]] - payments[run.class_round[c]] * run.class_points[c];
  }
  return *memo[k];
}

}  // namespace

MesSupport build_support(const PbProfile& profile) {
  MesSupport support;
  support.buckets.resize(profile.project_count());
  support.supported.resize(profile.project_count());
  for (uint32_t g = 0; g < profile.ballots.size(); ++g) {
    const PbBallot& ballot = profile.ballots[g];
    support.group_voters.push_back(ballot.voters);
    for (size_t i = 0; i < ballot.projects.size(); ++i) {
      auto& buckets = support.buckets[ballot.projects[i]];
      auto bucket = std::find_if(buckets.begin(), buckets.end(),
                                 [&](const PointsBucket& b) { return b.points == ballot.points[i]; });
      if (bucket == buckets.end())
        bucket = buckets.insert(buckets.end(), PointsBucket{ballot.points[i], {}, 0});
      bucket->groups.push_back(g);
      bucket->voters += ballot.voters;
    }
  }
  // Counts of voters x points must be exact as doubles (below 2^53) for the fast run.
  long double total_points = 0;
  for (const PbBallot& ballot : profile.ballots)
    for (int64_t points : ballot.points) total_points += static_cast<long double>(points) * ballot.voters;
  support.fast_possible = total_points < 0x1p52L;
  for (uint32_t p = 0; p < profile.project_count(); ++p) {
    support.supported[p] = !support.buckets[p].empty();
    support.supported_count += support.supported[p];
    Approx cost = to_approx(profile.costs[p]);
    support.cost_value.push_back(cost.v), support.cost_error.push_back(cost.e);
    support.fast_possible = support.fast_possible && std::isfinite(cost.v) && cost.v >= 0;
  }
  return support;
}

std::optional<FastRun> run_fast(const PbProfile& profile, const MesSupport& support,
                                const mpq_class& per_voter_budget) {
  // Without voters or with a negative budget there is nothing to speed up, and the exact engine's
  // conventions for these cases stay the only ones.
  if (!support.fast_possible || profile.ballots.empty() || sgn(per_voter_budget) < 0 ||
      !std::isfinite(per_voter_budget.get_d()))
    return std::nullopt;
  FastMes run(profile, support, per_voter_budget);
  if (!run.run()) return std::nullopt;
  return run.take();
}

// Each round's exact payment: q = (cost - what the capped voters have) / (points of the others), where a
// class's exact budget is its parent's minus the payment of the round that made it, times its points.
PbOutcome replay_exact(const PbProfile& profile, const FastRun& run, const mpq_class& per_voter_budget) {
  PbOutcome outcome;
  outcome.per_voter_budget = per_voter_budget;
  std::vector<std::optional<mpq_class>> memo(run.class_parent.size());
  memo[0] = mpq_class(0);
  if (memo.size() > 1) memo[1] = per_voter_budget;
  std::vector<mpq_class> payments;
  for (const FastRun::Round& round : run.rounds) {
    const mpq_class& cost = profile.costs[round.project];
    mpq_class payment = 0;
    if (sgn(cost) != 0) {
      mpq_class remaining = cost;
      for (const FastRun::Capped& capped : round.capped)
        remaining -= exact_class_value(run, payments, memo, capped.budget_class) * mpz_class(capped.voters);
      payment = remaining / mpz_class(round.paying_points);
    }
    outcome.selected.push_back(round.project);
    outcome.cost += cost;
    mpq_class effective_votes = sgn(payment) == 0 ? mpq_class(0) : mpq_class(cost / payment);
    outcome.rounds.push_back(
        PbRound{round.project, "selected", effective_votes, payment, profile.budget - outcome.cost});
    payments.push_back(std::move(payment));
  }
  return outcome;
}

}  // namespace cw::count::mes
