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
constexpr double kInf = std::numeric_limits<double>::infinity();

// One fast run. The structure follows the exact MesRun: lazy selection from a heap of lower bounds on rho,
// payments from the supporters' budgets per point. Budgets are kept per ballot group: a double and a
// bound on its error; exactly 0 (error 0) once a group has paid everything. (One bound shared by all
// groups would be cheaper, but a payment's error grows with the money of those who pay everything, and
// shared, that growth compounds over the rounds until decisions can no longer be certified.)
class FastMes {
 public:
  FastMes(const PbProfile& profile, const MesSupport& support, const mpq_class& per_voter_budget)
      : profile_(profile), support_(support) {
    start_ = sgn(per_voter_budget) > 0 ? to_approx(per_voter_budget) : Approx{0, 0};
    budget_.assign(support.group_voters.size(), start_);
    capped_scratch_.resize(support.group_voters.size());
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
  std::vector<Approx> budget_;            // per ballot group
  std::vector<uint32_t> capped_scratch_;  // fund's list of who paid everything, before it is copied
  std::vector<Candidate> heap_;
  uint64_t version_ = 0;
  FastRun record_;
};

// Supporters with budget below q x points are capped. Rounded division by a positive number is monotone,
// so the extremes of budget / points within a bucket are those of the budgets, divided once.
FastMes::Split FastMes::split_at(uint32_t project, double q) const {
  Split split;
  const Approx* budgets = budget_.data();
  for (const PointsBucket& bucket : support_.buckets[project]) {
    auto per_point = static_cast<double>(bucket.points);
    double due = q * per_point;
    if (version_ == 0) {  // every voter still has the starting budget
      if (start_.v == 0) continue;
      ++split.terms;
      if (start_.v < due) {
        split.capped_sum += start_.v * static_cast<double>(bucket.voters);
        split.capped_error += start_.e * static_cast<double>(bucket.voters);
        split.capped_max = std::max(split.capped_max, start_.v / per_point);
        split.capped_upper = std::max(split.capped_upper, upper(start_) / per_point);
      } else {
        split.paying_points += bucket.voters * static_cast<uint64_t>(bucket.points);
        split.paying_min = std::min(split.paying_min, start_.v / per_point);
        split.paying_lower = std::min(split.paying_lower, lower(start_) / per_point);
      }
      continue;
    }
    // Voter counts are integers below 2^53, so their sums are exact. upper and lower grow with both the
    // value and the error, so bounds from the extreme values and the largest error hold for every
    // supporter, and cost no arithmetic per supporter.
    double capped_max = -1, capped_error_max = 0, paying_min = kInf, paying_error_max = 0;
    double capped_sum = split.capped_sum, capped_error = split.capped_error, paying_voters = 0;
    uint64_t live = 0;
    const uint32_t* groups = bucket.groups.data();
    const double* voters = bucket.voters_of_group.data();
    for (size_t i = 0, n = bucket.groups.size(); i < n; ++i) {
      Approx budget = budgets[groups[i]];
      if (budget.v == 0) continue;  // 0 only after paying everything (payers keep a positive double)
      ++live;
      if (budget.v < due) {
        capped_sum += budget.v * voters[i];
        capped_error += budget.e * voters[i];
        capped_max = std::max(capped_max, budget.v);
        capped_error_max = std::max(capped_error_max, budget.e);
      } else {
        paying_voters += voters[i];
        paying_min = std::min(paying_min, budget.v);
        paying_error_max = std::max(paying_error_max, budget.e);
      }
    }
    split.terms += live;
    split.capped_sum = capped_sum, split.capped_error = capped_error;
    split.paying_points += static_cast<uint64_t>(paying_voters) * static_cast<uint64_t>(bucket.points);
    if (capped_max >= 0) {
      split.capped_max = std::max(split.capped_max, capped_max / per_point);
      split.capped_upper = std::max(split.capped_upper, upper({capped_max, capped_error_max}) / per_point);
    }
    if (paying_min != kInf) {
      split.paying_min = std::min(split.paying_min, paying_min / per_point);
      split.paying_lower = std::min(split.paying_lower, lower({paying_min, paying_error_max}) / per_point);
    }
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
// A budget b within e of the exact one certainly exceeds the exact due when b - e exceeds the due's upper
// bound, and is certainly below it when b + e is below its lower bound; the limits are moved outwards by
// kU (eight roundings' worth), which covers the rounding of b - e and b + e, so each supporter costs one
// subtraction or addition and a comparison.
bool FastMes::fund(uint32_t project, Approx payment) {
  FastRun::Round round;
  round.project = project;
  bool free = sgn(profile_.costs[project]) == 0;
  for (const PointsBucket& bucket : support_.buckets[project]) {
    if (free) break;
    Approx due = mul_int(payment, static_cast<double>(bucket.points));
    double pays_above = upper(due) * (1 + kU) + kTiny, capped_below = lower(due) * (1 - kU) - kTiny;
    double paying_voters = 0;  // an integer below 2^53: exact
    // Plain pointers and no call in the loop, so that nothing is reloaded or spilled per supporter.
    const uint32_t* groups = bucket.groups.data();
    const double* voters = bucket.voters_of_group.data();
    Approx* budgets = budget_.data();
    size_t n = bucket.groups.size(), capped = 0;
    uint32_t* capped_groups = capped_scratch_.data();
    for (size_t i = 0; i < n; ++i) {
      Approx& budget = budgets[groups[i]];
      if (budget.v == 0) continue;
      if (budget.v - budget.e > pays_above) {
        // The new error: both errors, and the rounding of a difference no larger than the start.
        double left = budget.v - due.v;
        budget.e = (budget.e + due.e + start_.v * kU + kTiny) * (1 + kU);
        budget.v = left;
        paying_voters += voters[i];
      } else if (budget.v + budget.e < capped_below) {
        capped_groups[capped++] = groups[i];
        budget = {0, 0};
      } else {
        return false;
      }
    }
    round.capped.insert(round.capped.end(), capped_groups, capped_groups + capped);
    round.paying_points += static_cast<uint64_t>(paying_voters) * static_cast<uint64_t>(bucket.points);
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
        bucket = buckets.insert(buckets.end(), PointsBucket{ballot.points[i], {}, {}, 0});
      bucket->groups.push_back(g);
      bucket->voters_of_group.push_back(static_cast<double>(ballot.voters));
      bucket->voters += ballot.voters;
    }
  }
  // Counts of voters x points must be exact as doubles (below 2^53) for the fast run.
  long double total_points = 0;
  for (const PbBallot& ballot : profile.ballots)
    for (int64_t points : ballot.points) total_points += static_cast<long double>(points) * ballot.voters;
  support.fast_possible = total_points < 0x1p52L && profile.voter_count < (uint64_t{1} << 52);
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

// Each round's exact payment: q = (cost - what the capped voters have) / (points of the others). A group
// that pays everything in round r had something left before, so it paid in full in every earlier round
// it supports: its budget is the start minus those payments x its points. Summed over the capped groups,
// what they have is start x (their voters) - sum over earlier rounds e of payment(e) x weight(e), with
// weight(e) the voters x points of the capped groups in e: integers, so only a few rational operations.
PbOutcome replay_exact(const PbProfile& profile, const FastRun& run, const mpq_class& per_voter_budget) {
  PbOutcome outcome;
  outcome.per_voter_budget = per_voter_budget;
  std::vector<uint32_t> round_of(profile.project_count(), kNone);
  for (uint32_t r = 0; r < run.rounds.size(); ++r) round_of[run.rounds[r].project] = r;
  std::vector<mpq_class> payments;
  std::vector<uint64_t> weight(run.rounds.size());
  mpq_class remaining, term;
  for (const FastRun::Round& round : run.rounds) {
    const mpq_class& cost = profile.costs[round.project];
    auto r = static_cast<uint32_t>(payments.size());
    mpq_class payment = 0;
    if (sgn(cost) != 0) {
      std::fill(weight.begin(), weight.begin() + r, 0);
      uint64_t capped_voters = 0;
      for (uint32_t g : round.capped) {
        const PbBallot& ballot = profile.ballots[g];
        capped_voters += ballot.voters;
        for (size_t i = 0; i < ballot.projects.size(); ++i)
          if (uint32_t e = round_of[ballot.projects[i]]; e < r)
            weight[e] += ballot.voters * static_cast<uint64_t>(ballot.points[i]);
      }
      remaining = per_voter_budget * mpz_class(capped_voters);
      remaining = cost - remaining;
      for (uint32_t e = 0; e < r; ++e)
        if (weight[e] != 0 && sgn(payments[e]) != 0) {
          term = payments[e] * mpz_class(weight[e]);
          remaining += term;
        }
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
