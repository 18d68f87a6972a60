#include "count/pb_greedy.h"

#include <algorithm>
#include <numeric>

#include "count/rational.h"

namespace cw::count {

std::optional<GreedyVariant> parse_greedy_variant(std::string_view rule) {
  if (rule == "greedy") return GreedyVariant::skip;
  if (rule == "greedy-no-skip") return GreedyVariant::no_skip;
  if (rule == "greedy-threshold") return GreedyVariant::threshold;
  return std::nullopt;
}

std::string_view greedy_variant_name(GreedyVariant variant) {
  switch (variant) {
    case GreedyVariant::skip:
      return "greedy";
    case GreedyVariant::no_skip:
      return "greedy-no-skip";
    case GreedyVariant::threshold:
      return "greedy-threshold";
  }
  return "greedy";
}

namespace {

std::vector<uint32_t> by_descending_score(const PbProfile& profile, const std::vector<mpq_class>& scores,
                                          const std::vector<uint32_t>& candidates) {
  std::vector<uint32_t> order = candidates;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    int c = cmp(scores[a], scores[b]);
    return c != 0 ? c > 0 : profile.tie_rank[a] < profile.tie_rank[b];
  });
  return order;
}

// Equal scores are settled by the tie-break order; that decided something exactly when the tied group
// mixes funded and unfunded projects (if all or none were funded, any order within it gives the same set).
void record_ties(PbOutcome& outcome, size_t first_round, const std::string& funded_action) {
  auto& rounds = outcome.rounds;
  for (size_t begin = first_round; begin < rounds.size();) {
    size_t end = begin + 1;
    while (end < rounds.size() && rounds[end].score == rounds[begin].score) ++end;
    bool some_funded = false, some_not = false;
    for (size_t r = begin; r < end; ++r) (rounds[r].action == funded_action ? some_funded : some_not) = true;
    if (some_funded && some_not) {
      PbTie tie{begin,
                {},
                "equal score " + format_money(rounds[begin].score) +
                    ": the tie-break order decided which were funded"};
      for (size_t r = begin; r < end; ++r) tie.projects.push_back(rounds[r].project);
      outcome.ties.push_back(std::move(tie));
    }
    begin = end;
  }
}

}  // namespace

PbOutcome count_greedy(const PbProfile& profile, GreedyVariant variant) {
  std::vector<mpq_class> scores = profile.scores();
  std::vector<uint32_t> all(profile.project_count());
  std::iota(all.begin(), all.end(), 0);
  PbOutcome outcome;
  mpq_class money_left = profile.budget;
  bool stopped = false;
  for (uint32_t project : by_descending_score(profile, scores, all)) {
    const mpq_class& cost = profile.costs[project];
    std::string action;
    if (profile.is_excluded(project)) {
      action = "excluded";
    } else if (profile.min_score_threshold && scores[project] < *profile.min_score_threshold) {
      action = "below threshold";
    } else if (stopped) {
      action = "after stop";
    } else if (cost <= money_left) {
      action = "selected";
      money_left -= cost;
      outcome.cost += cost;
      outcome.selected.push_back(project);
    } else if (variant == GreedyVariant::no_skip) {
      action = "stopped";
      stopped = true;
    } else {
      action = "skipped";
    }
    outcome.rounds.push_back(PbRound{project, action, scores[project], std::nullopt, money_left});
  }
  record_ties(outcome, 0, "selected");
  return outcome;
}

void fill_greedily(const PbProfile& profile, PbOutcome& outcome) {
  std::vector<mpq_class> scores = profile.scores();
  std::vector<bool> chosen(profile.project_count());
  for (uint32_t project : outcome.selected) chosen[project] = true;
  std::vector<uint32_t> rest;
  // An excluded or below-threshold project is not filled in either (MES counts a profile without them on
  // its ballots, where they score 0).
  for (uint32_t p = 0; p < profile.project_count(); ++p)
    if (!chosen[p] && profile.may_fund(p, scores)) rest.push_back(p);
  mpq_class money_left = profile.budget - outcome.cost;
  size_t first_round = outcome.rounds.size();
  for (uint32_t project : by_descending_score(profile, scores, rest)) {
    const mpq_class& cost = profile.costs[project];
    bool fits = cost <= money_left;
    if (fits) {
      money_left -= cost;
      outcome.cost += cost;
      outcome.selected.push_back(project);
    }
    outcome.rounds.push_back(PbRound{project, fits ? "greedy fill" : "skipped by greedy fill",
                                     scores[project], std::nullopt, money_left});
  }
  record_ties(outcome, first_round, "greedy fill");
}

}  // namespace cw::count
