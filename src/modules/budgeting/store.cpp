#include "modules/budgeting/store.h"

namespace cw::budgeting {

namespace {

constexpr const char* kColumns =
    "SELECT id, locality_id, title, description, pot, rule, ballot_type, min_projects, max_projects, "
    "ideas_from, costing_from, shortlist_from, voting_from, results_from, delivery_from, sealed, created_by, "
    "created_at, updated_at, points, min_share, tie_break, comparison, min_age FROM budget_processes ";

Process process_from(const store::Row& r) {
  Process p;
  p.id = r.integer(0);
  p.locality_id = r.integer(1);
  p.title = r.text(2);
  p.description = r.text(3);
  p.rules.pot = r.integer(4);
  p.rules.rule = rule_from_slug(r.text(5)).value_or(Rule::greedy);
  p.rules.ballot_type = ballot_type_from_slug(r.text(6)).value_or(BallotType::approval);
  p.rules.min_projects = static_cast<int>(r.integer(7));
  p.rules.max_projects = static_cast<int>(r.integer(8));
  for (std::size_t i = 0; i < p.starts.size(); ++i) p.starts[i] = r.integer(9 + i);
  p.sealed = r.boolean(15);
  p.created_by = r.opt_integer(16);
  p.created_at = r.integer(17);
  p.updated_at = r.integer(18);
  p.rules.points = static_cast<int>(r.integer(19));
  p.rules.min_share = static_cast<int>(r.integer(20));
  p.rules.tie_break = r.text(21) == "cost" ? TieBreak::cheaper : TieBreak::shortlist;
  p.rules.comparison = r.integer(22) != 0;
  p.rules.min_age = static_cast<int>(r.integer(23));
  return p;
}

}  // namespace

std::int64_t insert_process(store::Tx& tx, const Process& p) {
  return tx
      .run(
          "INSERT INTO budget_processes (locality_id, title, description, pot, rule, ballot_type, "
          "min_projects, max_projects, ideas_from, costing_from, shortlist_from, voting_from, results_from, "
          "delivery_from, created_by, created_at, updated_at, points, min_share, tie_break, comparison, "
          "min_age) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
          "$19, $20, $21, $22) RETURNING id",
          p.locality_id, p.title, p.description, p.rules.pot, std::string(rule_slug(p.rules.rule)),
          std::string(ballot_type_slug(p.rules.ballot_type)), p.rules.min_projects, p.rules.max_projects,
          p.starts[0], p.starts[1], p.starts[2], p.starts[3], p.starts[4], p.starts[5], p.created_by,
          p.created_at, p.updated_at, p.rules.points, p.rules.min_share,
          std::string(tie_break_slug(p.rules.tie_break)), p.rules.comparison ? 1 : 0, p.rules.min_age)
      .one()
      .integer(0);
}

void update_process(store::Tx& tx, const Process& p) {
  tx.run(
      "UPDATE budget_processes SET title = $2, description = $3, pot = $4, rule = $5, ballot_type = $6, "
      "min_projects = $7, max_projects = $8, ideas_from = $9, costing_from = $10, shortlist_from = $11, "
      "voting_from = $12, results_from = $13, delivery_from = $14, updated_at = $15, points = $16, "
      "min_share = $17, tie_break = $18, comparison = $19, min_age = $20 WHERE id = $1",
      p.id, p.title, p.description, p.rules.pot, std::string(rule_slug(p.rules.rule)),
      std::string(ballot_type_slug(p.rules.ballot_type)), p.rules.min_projects, p.rules.max_projects,
      p.starts[0], p.starts[1], p.starts[2], p.starts[3], p.starts[4], p.starts[5], p.updated_at,
      p.rules.points, p.rules.min_share, std::string(tie_break_slug(p.rules.tie_break)),
      p.rules.comparison ? 1 : 0, p.rules.min_age);
}

std::optional<Process> find_process(store::Tx& tx, std::int64_t id) {
  auto r = tx.run(std::string(kColumns) + "WHERE id = $1", id);
  if (r.rows.empty()) return std::nullopt;
  return process_from(r.rows.front());
}

std::vector<Process> list_processes(store::Tx& tx, std::int64_t locality_id) {
  std::vector<Process> out;
  for (const auto& r :
       tx.run(std::string(kColumns) + "WHERE locality_id = $1 ORDER BY voting_from DESC, id DESC",
              locality_id)
           .rows)
    out.push_back(process_from(r));
  return out;
}

void mark_sealed(store::Tx& tx, std::int64_t id) {
  tx.run("UPDATE budget_processes SET sealed = 1 WHERE id = $1", id);
}

void delete_process(store::Tx& tx, std::int64_t id) {
  tx.run("DELETE FROM budget_processes WHERE id = $1", id);
}

std::int64_t insert_project(store::Tx& tx, const Project& p, Micros now) {
  return tx
      .run(
          "INSERT INTO budget_projects (process_id, title, description, ward_code, cost, idea_id, "
          "created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
          p.process_id, p.title, p.description, p.ward_code, p.cost, p.idea_id, now)
      .one()
      .integer(0);
}

std::vector<Project> list_projects(store::Tx& tx, std::int64_t process_id) {
  std::vector<Project> out;
  for (const auto& r :
       tx.run("SELECT id, process_id, title, description, ward_code, cost, idea_id FROM budget_projects "
              "WHERE process_id = $1 ORDER BY id",
              process_id)
           .rows)
    out.push_back(
        {r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.integer(5), r.opt_integer(6)});
  return out;
}

}  // namespace cw::budgeting
