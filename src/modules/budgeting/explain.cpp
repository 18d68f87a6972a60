#include "modules/budgeting/explain.h"

#include <algorithm>

#include <fmt/format.h>

namespace cw::budgeting {

namespace {

using count::PbOutcome;
using count::PbProfile;

mpq_class exact(const std::string& text) {
  mpq_class q(text.empty() ? "0" : text);
  q.canonicalize();
  return q;
}

std::int64_t id_of(const PbProfile& profile, std::uint32_t index) {
  return std::stoll(profile.ids[index]);
}

std::int64_t pence_of(const mpq_class& pounds) {
  mpq_class x = pounds * 100 + mpq_class(1, 2);
  mpz_class whole;
  mpz_fdiv_q(whole.get_mpz_t(), x.get_num_mpz_t(), x.get_den_mpz_t());
  return whole.get_si();
}

// Replays the Equal Shares rounds for every group of identical ballots: each supporter of a funded
// project pays the round's payment per point, or all they have left if that is less. Only the rounds of
// a group's own projects matter, so each group costs the length of its ballot, not the number of rounds.
void account_unfunded(const PbProfile& profile, const PbOutcome& outcome, Explanation& e) {
  std::vector<int> round_of(profile.project_count(), -1);
  for (std::size_t r = 0; r < outcome.rounds.size(); ++r)
    if (outcome.rounds[r].payment) round_of[outcome.rounds[r].project] = static_cast<int>(r);
  mpq_class start = *outcome.per_voter_budget;
  // The sums are kept in pounds as long double: adding up exact rationals with a different denominator
  // per group makes the denominators grow without bound (a 100,000-voter count took seconds), and the
  // page shows pence.
  std::vector<long double> spent(profile.project_count()), left(profile.project_count());
  std::vector<std::int64_t> supporters(profile.project_count());
  std::vector<std::pair<int, std::size_t>> mine;  // (round, position in the ballot)
  for (const auto& ballot : profile.ballots) {
    mine.clear();
    for (std::size_t i = 0; i < ballot.projects.size(); ++i)
      if (round_of[ballot.projects[i]] >= 0) mine.emplace_back(round_of[ballot.projects[i]], i);
    std::sort(mine.begin(), mine.end());
    mpq_class money = start;
    for (auto [r, i] : mine) {
      mpq_class due = *outcome.rounds[r].payment * ballot.points[i];
      money -= std::min(money, due);
    }
    auto voters = static_cast<long double>(ballot.voters);
    long double paid = mpq_class(start - money).get_d(), kept = money.get_d();
    for (auto project : ballot.projects) {
      if (round_of[project] >= 0) continue;
      supporters[project] += static_cast<std::int64_t>(ballot.voters);
      spent[project] += paid * voters;
      left[project] += kept * voters;
    }
  }
  std::vector<bool> funded(profile.project_count());
  for (auto s : outcome.selected) funded[s] = true;
  for (std::uint32_t j = 0; j < profile.project_count(); ++j)
    if (!funded[j])
      e.unfunded[id_of(profile, j)] = {supporters[j], std::llroundl(spent[j] * 100),
                                       std::llroundl(left[j] * 100)};
}

}  // namespace

std::int64_t pence_of(const std::string& pounds) {
  return pence_of(exact(pounds));
}

std::string score_text(const std::string& text) {
  auto q = exact(text);
  if (q.get_den() == 1) return q.get_num().get_str();
  return fmt::format("{:.1f}", q.get_d());
}

double effective_votes_at_end(std::int64_t votes, const SupportersMoney& m, std::int64_t cost) {
  if (cost <= 0 || m.left >= cost) return static_cast<double>(votes);
  return static_cast<double>(votes) * static_cast<double>(m.left) / static_cast<double>(cost);
}

Explanation explain(const PbProfile& profile, Rule rule, const PbOutcome& outcome, const PbOutcome& other) {
  Explanation e{.rule = rule};
  if (rule == Rule::equal_shares && outcome.per_voter_budget) {
    e.start_share = outcome.per_voter_budget->get_str();
    e.raises = static_cast<std::int64_t>(outcome.completion_steps);
  }
  for (const auto& round : outcome.rounds) {
    bool funded = round.action == "selected" || round.action == "greedy fill";
    e.rounds.push_back({.project_id = id_of(profile, round.project),
                        .funded = funded,
                        .score = round.score.get_str(),
                        .payment = round.payment ? round.payment->get_str() : "",
                        .money_left = pence_of(round.money_left)});
  }
  if (rule == Rule::equal_shares && outcome.per_voter_budget) account_unfunded(profile, outcome, e);
  for (auto s : other.selected) e.other_rule_funded.push_back(id_of(profile, s));
  if (profile.min_score_threshold) {
    auto scores = profile.scores();
    for (std::uint32_t i = 0; i < scores.size(); ++i)
      if (scores[i] < *profile.min_score_threshold) e.ineligible.push_back(id_of(profile, i));
  }
  for (auto i : profile.excluded) e.excluded.push_back(id_of(profile, i));
  const auto& [mes, greedy] =
      rule == Rule::equal_shares ? std::tie(outcome, other) : std::tie(other, outcome);
  e.comparison = count::compare_with_greedy(profile, mes, greedy);
  return e;
}

std::vector<SharePayment> share_payments(const Explanation& e, const Rules& rules, const Ballot& ballot) {
  std::vector<SharePayment> out;
  if (e.rule != Rule::equal_shares || e.start_share.empty()) return out;
  auto weights = ballot_weights(rules, ballot);
  mpq_class money = exact(e.start_share);
  for (const auto& round : e.rounds) {
    auto at = std::find(ballot.projects.begin(), ballot.projects.end(), round.project_id);
    if (round.payment.empty() || at == ballot.projects.end()) continue;
    auto weight = weights[static_cast<std::size_t>(at - ballot.projects.begin())];
    mpq_class owed = exact(round.payment) * mpq_class(mpz_class(weight));
    mpq_class paid = std::min(money, owed);
    money -= paid;
    out.push_back({round.project_id, pence_of(paid)});
  }
  return out;
}

nlohmann::json to_json(const Explanation& e) {
  nlohmann::json rounds = nlohmann::json::array();
  for (const auto& r : e.rounds) rounds.push_back({r.project_id, r.funded, r.score, r.payment, r.money_left});
  nlohmann::json unfunded = nlohmann::json::array();
  for (const auto& [id, m] : e.unfunded) unfunded.push_back({id, m.supporters, m.spent, m.left});
  return {{"rule", rule_slug(e.rule)},
          {"start_share", e.start_share},
          {"raises", e.raises},
          {"rounds", rounds},
          {"unfunded", unfunded},
          {"other_rule_funded", e.other_rule_funded},
          {"ineligible", e.ineligible},
          {"excluded", e.excluded},
          {"comparison", {e.comparison.more_under_mes, e.comparison.more_under_greedy, e.comparison.same}},
          {"compared", e.compared},
          {"greedy_kept", e.greedy_kept}};
}

Explanation explanation_from_json(const nlohmann::json& j) {
  Explanation e{.rule = rule_from_slug(j.at("rule").get<std::string>()).value_or(Rule::greedy),
                .start_share = j.at("start_share").get<std::string>(),
                .raises = j.at("raises").get<std::int64_t>()};
  for (const auto& r : j.at("rounds"))
    e.rounds.push_back({r[0].get<std::int64_t>(), r[1].get<bool>(), r[2].get<std::string>(),
                        r[3].get<std::string>(), r[4].get<std::int64_t>()});
  for (const auto& u : j.at("unfunded"))
    e.unfunded[u[0].get<std::int64_t>()] = {u[1].get<std::int64_t>(), u[2].get<std::int64_t>(),
                                            u[3].get<std::int64_t>()};
  e.other_rule_funded = j.at("other_rule_funded").get<std::vector<std::int64_t>>();
  if (j.contains("ineligible")) e.ineligible = j.at("ineligible").get<std::vector<std::int64_t>>();
  if (j.contains("excluded")) e.excluded = j.at("excluded").get<std::vector<std::int64_t>>();
  const auto& c = j.at("comparison");
  e.comparison = {c[0].get<std::uint64_t>(), c[1].get<std::uint64_t>(), c[2].get<std::uint64_t>()};
  e.compared = j.value("compared", false);
  e.greedy_kept = j.value("greedy_kept", false);
  return e;
}

}  // namespace cw::budgeting
