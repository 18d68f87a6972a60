// The budget_results table: one row per closed process, its outcome as JSON beside the counted file.
#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "modules/budgeting/store.h"

namespace cw::budgeting {

namespace {

nlohmann::json outcome_json(const Results& r) {
  nlohmann::json votes = nlohmann::json::array();
  for (const auto& [id, n] : r.votes) votes.push_back({id, n});
  nlohmann::json deciles = nlohmann::json::array();
  for (const auto& d : r.deciles) deciles.push_back({d.voters, d.served});
  return {{"selected", r.selected}, {"by_the_rules", r.by_the_rules},
          {"cost", r.cost},         {"left", r.left},
          {"ballots", r.ballots},   {"votes", votes},
          {"deciles", deciles},     {"explanation", to_json(r.explanation)}};
}

Results results_from(const nlohmann::json& j) {
  Results r{.selected = j.at("selected").get<std::vector<std::string>>(),
            .by_the_rules = j.value("by_the_rules", std::vector<std::string>{}),
            .cost = j.at("cost").get<std::int64_t>(),
            .left = j.at("left").get<std::int64_t>(),
            .ballots = j.at("ballots").get<std::int64_t>(),
            .explanation = explanation_from_json(j.at("explanation"))};
  for (const auto& v : j.at("votes")) r.votes[v[0].get<std::int64_t>()] = v[1].get<std::int64_t>();
  for (std::size_t i = 0; i < r.deciles.size() && i < j.at("deciles").size(); ++i)
    r.deciles[i] = {j["deciles"][i][0].get<std::int64_t>(), j["deciles"][i][1].get<std::int64_t>()};
  return r;
}

}  // namespace

void insert_results(store::Tx& tx, std::int64_t process_id, const Results& r, Micros now) {
  tx.run("INSERT INTO budget_results (process_id, pabulib, outcome, counted_at) VALUES ($1, $2, $3, $4)",
         process_id, r.pabulib, json_text(outcome_json(r)), now);
}

void replace_results(store::Tx& tx, std::int64_t process_id, const Results& r, Micros now) {
  tx.run("UPDATE budget_results SET pabulib = $2, outcome = $3, counted_at = $4 WHERE process_id = $1",
         process_id, r.pabulib, json_text(outcome_json(r)), now);
}

bool has_results(store::Tx& tx, std::int64_t process_id) {
  return !tx.run("SELECT 1 FROM budget_results WHERE process_id = $1", process_id).rows.empty();
}

std::vector<std::int64_t> processes_to_count(store::Tx& tx, Micros now) {
  std::vector<std::int64_t> out;
  for (const auto& r : tx.run("SELECT id FROM budget_processes p WHERE results_from <= $1 AND NOT EXISTS "
                              "(SELECT 1 FROM budget_results r WHERE r.process_id = p.id) ORDER BY id",
                              now)
                           .rows)
    out.push_back(r.integer(0));
  return out;
}

void insert_step(store::Tx& tx, std::int64_t process_id, std::int64_t user_id, const std::string& step,
                 const std::string& ward_code, Micros now) {
  tx.run(
      "INSERT INTO budget_vote_steps (process_id, user_id, step, ward_code, at) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT DO NOTHING",
      process_id, user_id, step, ward_code, now);
}

std::vector<StepCount> steps_by_ward(store::Tx& tx, std::int64_t process_id) {
  std::vector<StepCount> out;
  for (const auto& r : tx.run("SELECT ward_code, step, COUNT(*) FROM budget_vote_steps WHERE process_id = $1 "
                              "GROUP BY ward_code, step ORDER BY ward_code, step",
                              process_id)
                           .rows)
    out.push_back({r.text(0), r.text(1), r.integer(2)});
  return out;
}

void forget_steps(store::Tx& tx, std::int64_t user_id) {
  tx.run("DELETE FROM budget_vote_steps WHERE user_id = $1", user_id);
}

std::optional<Results> find_results(store::Tx& tx, std::int64_t process_id, bool with_pabulib) {
  auto rows = tx.run(with_pabulib ? "SELECT outcome, pabulib FROM budget_results WHERE process_id = $1"
                                  : "SELECT outcome, '' FROM budget_results WHERE process_id = $1",
                     process_id)
                  .rows;
  if (rows.empty()) return std::nullopt;
  auto r = results_from(nlohmann::json::parse(rows.front().text(0)));
  r.pabulib = rows.front().text(1);
  return r;
}

}  // namespace cw::budgeting
