// The budget_codes and budget_paper_entries tables (voting_codes.h), and budget_amendments.
#include "modules/budgeting/store.h"

namespace cw::budgeting {

std::int64_t insert_code(store::Tx& tx, std::int64_t process_id, const std::string& code_hash, Micros now) {
  return tx
      .run("INSERT INTO budget_codes (process_id, code_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
           process_id, code_hash, now)
      .one()
      .integer(0);
}

std::optional<std::int64_t> find_code(store::Tx& tx, std::int64_t process_id, const std::string& code_hash) {
  auto r =
      tx.run("SELECT id FROM budget_codes WHERE process_id = $1 AND code_hash = $2", process_id, code_hash);
  if (r.rows.empty()) return std::nullopt;
  return r.rows.front().integer(0);
}

std::int64_t count_codes(store::Tx& tx, std::int64_t process_id) {
  return tx.run("SELECT COUNT(*) FROM budget_codes WHERE process_id = $1", process_id).one().integer(0);
}

std::vector<PaperEntryRow> paper_entries(store::Tx& tx, std::int64_t code_id) {
  std::vector<PaperEntryRow> out;
  for (const auto& r :
       tx.run("SELECT entered_by, content FROM budget_paper_entries WHERE code_id = $1 ORDER BY entered_at",
              code_id)
           .rows)
    out.push_back({r.integer(0), r.text(1)});
  return out;
}

void put_paper_entry(store::Tx& tx, std::int64_t code_id, std::int64_t officer, const std::string& content,
                     Micros now) {
  tx.run("DELETE FROM budget_paper_entries WHERE code_id = $1 AND entered_by = $2", code_id, officer);
  tx.run(
      "INSERT INTO budget_paper_entries (code_id, entered_by, content, entered_at) VALUES ($1, $2, $3, $4)",
      code_id, officer, content, now);
}

void delete_paper_entries(store::Tx& tx, std::int64_t code_id) {
  tx.run("DELETE FROM budget_paper_entries WHERE code_id = $1", code_id);
}

void delete_process_paper_entries(store::Tx& tx, std::int64_t process_id) {
  tx.run(
      "DELETE FROM budget_paper_entries WHERE code_id IN (SELECT id FROM budget_codes WHERE process_id = $1)",
      process_id);
}

std::pair<std::int64_t, std::int64_t> paper_entries_waiting(store::Tx& tx, std::int64_t process_id) {
  auto r = tx.run(
                 "SELECT COALESCE(SUM(CASE WHEN n = 1 THEN 1 ELSE 0 END), 0), "
                 "COALESCE(SUM(CASE WHEN n > 1 THEN 1 ELSE 0 END), 0) FROM (SELECT e.code_id, COUNT(*) AS n "
                 "FROM budget_paper_entries e JOIN budget_codes c ON c.id = e.code_id "
                 "WHERE c.process_id = $1 GROUP BY e.code_id) waiting",
                 process_id)
               .one();
  return {r.integer(0), r.integer(1)};
}

void insert_amendment(store::Tx& tx, std::int64_t process_id, const Amendment& a,
                      std::optional<std::int64_t> by) {
  tx.run(
      "INSERT INTO budget_amendments (process_id, changed, reason, made_by, made_at) VALUES ($1, $2, $3, $4, "
      "$5)",
      process_id, a.changed, a.reason, by, a.made_at);
}

std::vector<Amendment> list_amendments(store::Tx& tx, std::int64_t process_id) {
  std::vector<Amendment> out;
  for (const auto& r : tx.run("SELECT changed, reason, made_at FROM budget_amendments WHERE process_id = $1 "
                              "ORDER BY made_at, id",
                              process_id)
                           .rows)
    out.push_back({r.text(0), r.text(1), r.integer(2)});
  return out;
}

void insert_exclusion(store::Tx& tx, std::int64_t process_id, const Exclusion& e,
                      std::optional<std::int64_t> by) {
  tx.run(
      "INSERT INTO budget_exclusions (process_id, project_id, reason, made_by, made_at) VALUES ($1, $2, $3, "
      "$4, "
      "$5)",
      process_id, e.project_id, e.reason, by, e.made_at);
}

std::vector<Exclusion> list_exclusions(store::Tx& tx, std::int64_t process_id) {
  std::vector<Exclusion> out;
  for (const auto& r :
       tx.run("SELECT project_id, reason, made_at FROM budget_exclusions WHERE process_id = $1 "
              "ORDER BY made_at, project_id",
              process_id)
           .rows)
    out.push_back({r.integer(0), r.text(1), r.integer(2)});
  return out;
}

}  // namespace cw::budgeting
