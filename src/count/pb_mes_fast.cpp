#include "count/pb_mes_fast.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

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
constexpr double kInf = std::numeric_limits<double>::infinity();

// One fast run. The structure follows the exact MesRun: lazy selection from a heap of lower bounds on rho,
// payments from the supporters' budgets per point. Budgets are kept per ballot group: a double and a
// bound on its error; exactly 0 (error 0) once a group has paid everything.
class FastMes {
 public:
  FastMes(const PbProfile& profile, const MesSupport& support, const mpq_class& per_voter_budget)
      : profile_(profile), support_(support) {
    start_ = sgn(per_voter_budget) > 0 ? to_approx(per_voter_budget) : Approx{0, 0};
    budget_.assign(support.group_voters.size(), start_.v);
    error_.assign(support.group_voters.size(), start_.e);
  }
  bool run();
  FastRun take() { return std::move(record_); }

 private:
  // A project's supporters split at a trial payment q per point: those whose budget per point is below q
  // pay everything they have, the others q x points. Sums in plain doubles; bounds for certification.
  struct Split {
    double capped_sum = 0, capped_error = 0;  // of budget x voters, error x voters
    uint64_t paying_points = 0, terms = 0;
    double capped_max = -1, paying_min = kInf;      // budget per point, plain
    double capped_upper = -1, paying_lower = kInf;  // the same, rigorous bounds
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

  void add_to_split(Split& split, double budget, double error, double voters, int64_t points, double q) const;
  Split split_at(uint32_t project, double q) const;
  Status payment_for(uint32_t project, Approx& payment);
  Status evaluate(uint32_t project, Candidate& out);
  bool fund(uint32_t project, Approx payment);
  bool refresh_top();
  void pop(Candidate& into);
  void push(const Candidate& candidate);

  const PbProfile& profile_;
  const MesSupport& support_;
  Approx start_;
  std::vector<double> budget_, error_;  // per ballot group
  std::vector<Candidate> heap_;
  uint64_t version_ = 0;
  FastRun record_;
};

void FastMes::add_to_split(Split& split, double budget, double error, double voters, int64_t points,
                           double q) const {
  auto per_point = static_cast<double>(points);
  ++split.terms;
  if (budget < q * per_point) {
    split.capped_sum += budget * voters;
    split.capped_error += error * voters;
    split.capped_max = std::max(split.capped_max, budget / per_point);
    split.capped_upper = std::max(split.capped_upper, upper({budget, error}) / per_point);
  } else {
    split.paying_points += static_cast<uint64_t>(voters) * static_cast<uint64_t>(points);
    split.paying_min = std::min(split.paying_min, budget / per_point);
    split.paying_lower = std::min(split.paying_lower, lower({budget, error}) / per_point);
  }
}

FastMes::Split FastMes::split_at(uint32_t project, double q) const {
  Split split;
  for (const PointsBucket& bucket : support_.buckets[project]) {
    if (version_ == 0) {  // every voter still has the starting budget
      if (start_.v != 0)
        add_to_split(split, start_.v, start_.e, static_cast<double>(bucket.voters), bucket.points, q);
      continue;
    }
    for (uint32_t g : bucket.groups)
      if (budget_[g] != 0)  // 0 only after paying everything (certified payers keep a positive double)
        add_to_split(split, budget_[g], error_[g], support_.voters_as_double[g], bucket.points, q);
  }
  return split;
}

// The payment q per point solves sum min(budget, q x points) = cost. Starting from a lower bound on q,
// the iteration q <- (cost - what the capped have) / (points of the others) rises monotonically to it,
// usually in one or two scans. The result is certified: every capped supporter certainly has less than
// q x points and every other certainly more, within the error bounds of the budgets and of q; then q is
// exactly the root for that classification, which is the exact engine's.
FastMes::Status FastMes::payment_for(uint32_t project, Approx& payment) {
  Approx cost{support_.cost_value[project], support_.cost_error[project]};
  double q = std::max(lower(payment), cost.v / support_.total_points[project]);
  for (int iteration = 0; iteration < 64; ++iteration) {
    Split split = split_at(project, q);
    double gamma = static_cast<double>(split.terms + 2) * kU;  // recursive summation of the terms
    Approx capped{split.capped_sum, grow(split.capped_error) * (1 + gamma) + split.capped_sum * gamma};
    if (split.paying_points == 0)
      return certainly_less(capped, cost) ? Status::unaffordable : Status::uncertain;
    payment = div_int(sub(cost, capped), static_cast<double>(split.paying_points));
    if (grow(split.capped_upper) + kTiny < lower(payment) && split.paying_lower * (1 - kU) > upper(payment))
      return Status::ok;
    if (split.capped_max < payment.v && split.paying_min >= payment.v)
      return Status::uncertain;  // a near tie
    q = std::max(q, payment.v);
  }
  return Status::uncertain;
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
  Status status = payment_for(project, out.payment);  // out.payment: the last value, a lower bound
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
      Approx budget{budget_[g], error_[g]};
      if (budget.v == 0) continue;
      if (certainly_less(budget, due)) {
        round.capped.push_back(g);
        budget_[g] = 0, error_[g] = 0;
      } else if (certainly_less(due, budget)) {
        Approx left = sub(budget, due);
        budget_[g] = left.v, error_[g] = left.e;
        round.paying_points += support_.group_voters[g] * static_cast<uint64_t>(bucket.points);
      } else {
        return false;
      }
    }
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
    candidate.payment = {0, 0};
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

struct HistoryHash {
  size_t operator()(const std::vector<int64_t>& key) const {
    size_t h = 1469598103934665603ull;
    for (int64_t x : key) h = (h ^ static_cast<size_t>(x)) * 1099511628211ull;
    return h;
  }
};

// Exact budgets of the groups that pay everything in some round: the start minus what the group paid in
// the earlier rounds that it supports (it paid in full there, or it would have had nothing left). Groups
// with the same history have the same budget, so it is computed once per history.
class ExactBudgets {
 public:
  ExactBudgets(const PbProfile& profile, const FastRun& run, const mpq_class& start)
      : profile_(profile), start_(start), round_of_(profile.project_count(), kNone) {
    for (uint32_t r = 0; r < run.rounds.size(); ++r) round_of_[run.rounds[r].project] = r;
  }
  const mpq_class& before(uint32_t group, uint32_t round, const std::vector<mpq_class>& payments) {
    const PbBallot& ballot = profile_.ballots[group];
    key_.clear();
    for (size_t i = 0; i < ballot.projects.size(); ++i)
      if (round_of_[ballot.projects[i]] < round)
        key_.push_back(round_of_[ballot.projects[i]]), key_.push_back(ballot.points[i]);
    auto [it, inserted] = memo_.try_emplace(key_, start_);
    if (inserted)
      for (size_t i = 0; i < key_.size(); i += 2)
        it->second -= payments[static_cast<size_t>(key_[i])] * key_[i + 1];
    return it->second;
  }

 private:
  const PbProfile& profile_;
  const mpq_class& start_;
  std::vector<uint32_t> round_of_;
  std::vector<int64_t> key_;
  std::unordered_map<std::vector<int64_t>, mpq_class, HistoryHash> memo_;
};

}  // namespace

MesSupport build_support(const PbProfile& profile) {
  MesSupport support;
  support.buckets.resize(profile.project_count());
  support.supported.resize(profile.project_count());
  for (uint32_t g = 0; g < profile.ballots.size(); ++g) {
    const PbBallot& ballot = profile.ballots[g];
    support.group_voters.push_back(ballot.voters);
    support.voters_as_double.push_back(static_cast<double>(ballot.voters));
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
    uint64_t points = 0;
    for (const PointsBucket& bucket : support.buckets[p])
      points += bucket.voters * static_cast<uint64_t>(bucket.points);
    support.total_points.push_back(static_cast<double>(points));
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
  ExactBudgets budgets(profile, run, per_voter_budget);
  std::vector<mpq_class> payments;
  for (const FastRun::Round& round : run.rounds) {
    const mpq_class& cost = profile.costs[round.project];
    mpq_class payment = 0;
    if (sgn(cost) != 0) {
      mpq_class remaining = cost;
      auto r = static_cast<uint32_t>(payments.size());
      for (uint32_t g : round.capped)
        remaining -= budgets.before(g, r, payments) * mpz_class(profile.ballots[g].voters);
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
