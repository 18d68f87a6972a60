#include "count/pb_count.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <stdexcept>

#include "count/rational.h"

namespace cw::count {

std::string PbRule::name() const {
  return equal_shares ? "mes" : std::string(greedy_variant_name(greedy));
}

std::optional<PbRule> parse_pb_rule(std::string_view name) {
  if (auto variant = parse_greedy_variant(name)) return PbRule{false, *variant, MesCompletion::none};
  if (name == "mes" || name == "equalshares") return PbRule{true, GreedyVariant::skip, MesCompletion::none};
  for (std::string_view prefix : {"equalshares/", "mes/"}) {
    if (name.substr(0, prefix.size()) != prefix) continue;
    if (auto completion = parse_mes_completion(name.substr(prefix.size())))
      return PbRule{true, GreedyVariant::skip, *completion};
  }
  return std::nullopt;
}

bool comparison_of(const PbElection& election) {
  const std::string* declared = election.meta_value("comparison");
  if (!declared || declared->empty() || *declared == "none") return false;
  if (*declared == "satisfaction") return true;
  throw std::invalid_argument(
      fmt::format("{}: META comparison \"{}\" is not satisfaction or none", election.file_name, *declared));
}

PbProfile profile_of_file(const PbElection& election, std::string_view tie_break) {
  std::string chosen(tie_break);
  const std::string* declared = election.meta_value("tie_break");
  if (chosen.empty() && declared) chosen = *declared;
  auto order = parse_tie_break(chosen.empty() ? "file" : chosen);
  if (!order)
    throw std::invalid_argument(
        fmt::format("{}: META tie_break \"{}\" is not file, id or cost", election.file_name, chosen));
  return make_profile(election, *order);
}

PbOutcome count_pb(const PbProfile& profile, const PbRule& rule, PbOutcome* other) {
  if (!rule.equal_shares) return count_greedy(profile, rule.greedy);
  bool filtered = profile.min_score_threshold || !profile.excluded.empty();
  PbOutcome mes =
      filtered ? count_mes(eligible_only(profile), rule.completion) : count_mes(profile, rule.completion);
  if (!rule.comparison) return mes;
  PbOutcome greedy = count_greedy(profile, GreedyVariant::skip);
  GreedyComparison comparison = compare_with_greedy(profile, mes, greedy);
  PbOutcome& kept = comparison.more_under_greedy > comparison.more_under_mes ? greedy : mes;
  kept.comparison = comparison;
  kept.greedy_preferred = &kept == &greedy;
  if (other) *other = kept.greedy_preferred ? std::move(mes) : std::move(greedy);
  return std::move(kept);
}

namespace {

std::vector<std::string> ids_of(const PbProfile& profile, const std::vector<uint32_t>& projects) {
  std::vector<std::string> ids;
  for (uint32_t p : projects) ids.push_back(profile.ids[p]);
  return ids;
}

nlohmann::json round_json(const PbProfile& profile, const PbRule& rule, const PbRound& round, size_t number) {
  nlohmann::json json{{"round", number},
                      {"project", profile.ids[round.project]},
                      {"action", round.action},
                      {"cost", format_money(profile.costs[round.project])}};
  if (round.payment) {
    json["effective_votes"] = format_fraction(round.score);
    json["payment_per_point"] = format_fraction(*round.payment);
  } else {
    json["score"] = format_money(round.score);
  }
  json["money_left"] = format_money(round.money_left);
  (void)rule;
  return json;
}

}  // namespace

nlohmann::json outcome_json(const PbProfile& profile, const PbRule& rule, const PbOutcome& outcome) {
  nlohmann::json json{
      {"rule", rule.name()},
      {"completion", mes_completion_name(rule.equal_shares ? rule.completion : MesCompletion::none)},
      {"tie_break", tie_break_name(profile.tie_break)},
      {"budget", format_money(profile.budget)},
      {"selected", ids_of(profile, outcome.selected)},
      {"cost", format_money(outcome.cost)}};
  if (outcome.comparison) {
    json["comparison"] = {{"measure", "satisfaction"},
                          {"kept", outcome.greedy_preferred ? "greedy" : "mes"},
                          {"voters_with_more_winners_under_mes", outcome.comparison->more_under_mes},
                          {"voters_with_more_winners_under_greedy", outcome.comparison->more_under_greedy},
                          {"voters_with_as_many", outcome.comparison->same}};
  }
  if (!profile.excluded.empty()) json["excluded"] = ids_of(profile, profile.excluded);
  if (outcome.per_voter_budget) {
    json["per_voter_budget"] = format_fraction(*outcome.per_voter_budget);
    json["completion_steps"] = outcome.completion_steps;
  }
  json["rounds"] = nlohmann::json::array();
  for (size_t i = 0; i < outcome.rounds.size(); ++i)
    json["rounds"].push_back(round_json(profile, rule, outcome.rounds[i], i + 1));
  json["ties"] = nlohmann::json::array();
  for (const PbTie& tie : outcome.ties)
    json["ties"].push_back({{"round", tie.round + 1},
                            {"projects", ids_of(profile, tie.projects)},
                            {"chosen", profile.ids[tie.projects.front()]},
                            {"about", tie.about}});
  return json;
}

namespace {

std::string round_line(const PbProfile& profile, const PbRound& round, size_t number) {
  const std::string& id = profile.ids[round.project];
  std::string cost = format_money(profile.costs[round.project]);
  if (round.payment)
    return fmt::format("  {:>3}. project {} (cost {}): {}, effective votes {} (≈{:.2f}), {} left\n", number,
                       id, cost, round.action, format_fraction(round.score), round.score.get_d(),
                       format_money(round.money_left));
  return fmt::format("  {:>3}. project {} (cost {}, score {}): {}, {} left\n", number, id, cost,
                     format_money(round.score), round.action, format_money(round.money_left));
}

}  // namespace

std::string outcome_text(const PbProfile& profile, const PbRule& rule, const PbOutcome& outcome) {
  std::string text = fmt::format("Rule: {}", rule.name());
  if (rule.equal_shares)
    text += fmt::format(" (Method of Equal Shares), completion {}", mes_completion_name(rule.completion));
  text += fmt::format("; ties broken by {}\n", profile.tie_break == TieBreak::file ? "order in the file"
                                               : profile.tie_break == TieBreak::id ? "project id"
                                                                                   : "lower cost");
  text += fmt::format("Budget {}, {} voters, {} projects\n", format_money(profile.budget),
                      profile.voter_count, profile.project_count());
  if (!profile.excluded.empty())
    text +=
        fmt::format("Excluded by the organisers: {}\n", fmt::join(ids_of(profile, profile.excluded), ", "));
  if (outcome.comparison)
    text += fmt::format(
        "Comparison step: {} voters have more winners under MES, {} under greedy, {} as many; the {} outcome "
        "is kept\n",
        outcome.comparison->more_under_mes, outcome.comparison->more_under_greedy, outcome.comparison->same,
        outcome.greedy_preferred ? "greedy" : "MES");
  if (outcome.per_voter_budget)
    text += fmt::format("Each voter's budget in the kept run: {} (≈{:.4f}), after {} one-unit raises\n",
                        format_fraction(*outcome.per_voter_budget), outcome.per_voter_budget->get_d(),
                        outcome.completion_steps);
  text += fmt::format("Selected {} projects costing {}, in this order: {}\n", outcome.selected.size(),
                      format_money(outcome.cost), fmt::join(ids_of(profile, outcome.selected), ", "));
  text += "Rounds:\n";
  for (size_t i = 0; i < outcome.rounds.size(); ++i) text += round_line(profile, outcome.rounds[i], i + 1);
  if (outcome.ties.empty()) text += "No tie decided anything.\n";
  for (const PbTie& tie : outcome.ties)
    text += fmt::format("Tie in round {} between {}: {} chosen ({})\n", tie.round + 1,
                        fmt::join(ids_of(profile, tie.projects), ", "), profile.ids[tie.projects.front()],
                        tie.about);
  return text;
}

nlohmann::json comparison_json(const PbProfile& profile, const PbOutcome& greedy,
                               const GreedyComparison& comparison) {
  return {{"greedy_selected", ids_of(profile, greedy.selected)},
          {"greedy_cost", format_money(greedy.cost)},
          {"voters_with_more_winners_under_mes", comparison.more_under_mes},
          {"voters_with_more_winners_under_greedy", comparison.more_under_greedy},
          {"voters_with_as_many", comparison.same}};
}

std::string comparison_text(const PbProfile& profile, const PbOutcome& greedy,
                            const GreedyComparison& comparison) {
  return fmt::format(
      "Compared with greedy (selects {}, cost {}): {} voters approve more winners under MES, {} under "
      "greedy, {} "
      "as many under both\n",
      fmt::join(ids_of(profile, greedy.selected), ", "), format_money(greedy.cost), comparison.more_under_mes,
      comparison.more_under_greedy, comparison.same);
}

}  // namespace cw::count
