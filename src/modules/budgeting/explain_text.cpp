#include "modules/budgeting/explain_text.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/money.h"

namespace cw::budgeting {

namespace {

std::string votes_text(std::int64_t votes) {
  return votes == 1 ? "1 vote" : fmt::format("{} votes", votes);
}

// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st.
std::string ordinal(std::size_t n) {
  const char* suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

std::string title_of(const std::vector<Project>& projects, std::int64_t id) {
  for (const auto& pr : projects)
    if (pr.id == id) return pr.title;
  return "Project " + std::to_string(id);
}

const ExplainedRound* round_of(const Explanation& e, std::int64_t id, std::size_t* number) {
  for (std::size_t i = 0; i < e.rounds.size(); ++i)
    if (e.rounds[i].project_id == id) {
      *number = i + 1;
      return &e.rounds[i];
    }
  return nullptr;
}

std::string other_rule_text(const Results& r, const Project& project, bool funded) {
  bool other = r.funded_by_other_rule(project.id);
  auto name = rule_name(r.explanation.rule == Rule::greedy ? Rule::equal_shares : Rule::greedy);
  if (other == funded)
    return fmt::format("Counted by {} instead, it would also {}.", name,
                       funded ? "have been funded" : "not have been funded");
  return fmt::format("Counted by {} instead, it would {}.", name,
                     other ? "have been funded" : "not have been funded");
}

std::vector<std::string> why_equal_shares(const Results& r, const Project& project, std::int64_t votes) {
  const auto& e = r.explanation;
  std::size_t number = 0;
  if (const auto* round = round_of(e, project.id, &number); round && round->funded)
    return {
        fmt::format("It was funded in round {} of the count. Its {} supporters paid its cost of {} between "
                    "them, none paying more than {}.",
                    number, votes, money::format(project.cost), money::format(pence_of(round->payment))),
        fmt::format("Its effective vote count was {}: its cost divided by the most one supporter paid. The "
                    "higher it is, the more cheaply each supporter could fund it, and projects are chosen in "
                    "that order.",
                    score_text(round->score))};
  auto it = e.unfunded.find(project.id);
  SupportersMoney m = it == e.unfunded.end() ? SupportersMoney{} : it->second;
  auto effective = effective_votes_at_end(votes, m, project.cost);
  return {
      fmt::format("It was not funded. It had {}, but when the count ended its supporters had {} left between "
                  "them, less than its cost of {}.",
                  votes_text(votes), money::format(m.left), money::format(project.cost)),
      fmt::format("Its supporters had spent {} of their shares on other projects they voted for, which were "
                  "funded before it.",
                  money::format(m.spent)),
      fmt::format("Its effective vote count at the end was {:.1f}: its {} counted only as far as its "
                  "supporters could still pay for it.",
                  effective, votes_text(votes))};
}

std::vector<std::string> why_greedy(const Results& r, const Project& project, std::int64_t votes) {
  std::size_t number = 0;
  const auto* round = round_of(r.explanation, project.id, &number);
  if (!round) return {fmt::format("It had {}.", votes_text(votes))};
  if (round->funded)
    return {
        fmt::format("It was funded: with {} it came {} in the list, and there was still enough money left "
                    "for its cost of {}.",
                    votes_text(votes), ordinal(number), money::format(project.cost))};
  return {fmt::format(
      "It was not funded. With {} it came {} in the list, and when its turn came only {} of the "
      "pot was left, less than its cost of {}.",
      votes_text(votes), ordinal(number), money::format(round->money_left), money::format(project.cost))};
}

}  // namespace

std::string rule_name(Rule r) {
  return r == Rule::equal_shares ? "Equal Shares" : "greedy (most votes first)";
}

std::vector<std::string> why_text(const Process& p, const Results& r, const Project& project) {
  auto votes = r.votes_for(project.id);
  if (r.ballots == 0) return {"Nobody voted, so no project was funded."};
  if (r.too_few_votes(project.id))
    return {
        fmt::format("It was not funded. A project needed at least {}% of the {} to be counted, and it "
                    "had too few.",
                    p.rules.min_share,
                    p.rules.ballot_type == BallotType::cumulative || p.rules.ballot_type == BallotType::ranked
                        ? "points given"
                        : "votes")};
  if (r.excluded(project.id)) {
    auto by_rules = std::find(r.by_the_rules.begin(), r.by_the_rules.end(), std::to_string(project.id));
    return {by_rules != r.by_the_rules.end()
                ? "The count by the rules funded it, but the organisers excluded it afterwards, so it is not "
                  "funded. Their reason is on the results page."
                : "The organisers excluded it after the count, so it could not be funded. Their reason is on "
                  "the results page."};
  }
  // The comparison step may have published greedy's outcome, whatever rule the rules named.
  auto out = r.explanation.rule == Rule::equal_shares ? why_equal_shares(r, project, votes)
                                                      : why_greedy(r, project, votes);
  out.push_back(other_rule_text(r, project, r.funded(project.id)));
  return out;
}

ShareText share_text(const Process& p, const Results& r, const std::vector<Project>& projects,
                     const Ballot& ballot) {
  ShareText out;
  if (r.explanation.rule == Rule::greedy || r.explanation.start_share.empty()) {
    for (auto id : ballot.projects)
      out.paragraphs.push_back(title_of(projects, id) + (r.funded(id) ? ": funded." : ": not funded."));
    return out;
  }
  auto equal = r.ballots > 0 ? static_cast<std::int64_t>(std::llround(static_cast<double>(p.rules.pot) /
                                                                      static_cast<double>(r.ballots)))
                             : 0;
  out.paragraphs.push_back(
      fmt::format("Your equal share of the pot was {}: the {} pot divided among the {} "
                  "people who voted.",
                  money::format(equal), money::format(p.rules.pot), r.ballots));
  if (r.explanation.raises > 0)
    out.paragraphs.push_back(
        fmt::format("So that as much of the pot as possible is spent, everyone's share was then raised a "
                    "pound at a time, "
                    "{} times, to {}, for as long as the projects funded still fitted the pot.",
                    r.explanation.raises, money::format(pence_of(r.explanation.start_share))));
  std::int64_t total = 0;
  for (const auto& pay : share_payments(r.explanation, p.rules, ballot)) {
    out.rows.push_back({title_of(projects, pay.project_id), money::format(pay.pence)});
    total += pay.pence;
  }
  out.total = money::format(total);
  out.paragraphs.push_back(
      out.rows.empty()
          ? "None of the projects you voted for was funded, so your share paid for nothing: no "
            "project you chose had enough supporters with money left to pay for it."
          : fmt::format("Your share paid towards {} of the projects you voted for.", out.rows.size()));
  return out;
}

std::vector<RoundRow> round_rows(const Results& r, const std::vector<Project>& projects) {
  std::vector<RoundRow> out;
  for (std::size_t i = 0; i < r.explanation.rounds.size(); ++i) {
    const auto& round = r.explanation.rounds[i];
    out.push_back({std::to_string(i + 1), title_of(projects, round.project_id), score_text(round.score),
                   round.payment.empty() ? "" : money::format(pence_of(round.payment)),
                   round.funded                        ? "Funded"
                   : r.excluded(round.project_id)      ? "Excluded by the organisers"
                   : r.too_few_votes(round.project_id) ? "Too few votes to be counted"
                                                       : "Not enough money left",
                   money::format(round.money_left)});
  }
  return out;
}

}  // namespace cw::budgeting
