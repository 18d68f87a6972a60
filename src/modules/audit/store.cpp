#include "modules/audit/store.h"

#include <algorithm>

#include <fmt/format.h>

namespace cw::audit {

namespace {

constexpr const char* kColumns =
    "id, at, actor_user_id, actor_label, action, object_type, object_id, locality_id, ip_prefix, "
    "before_summary, after_summary, prev_hash, hash";
constexpr int kMaxPage = 500;

AuditRow row_from(const store::Row& r) {
  return {.id = r.integer(0),
          .at = r.integer(1),
          .actor_user_id = r.opt_integer(2),
          .actor_label = r.text(3),
          .action = r.text(4),
          .object_type = r.text(5),
          .object_id = r.text(6),
          .locality_id = r.opt_integer(7),
          .ip_prefix = r.text(8),
          .before = r.text(9),
          .after = r.text(10),
          .prev_hash = r.text(11),
          .hash = r.text(12)};
}

std::vector<AuditRow> rows_from(const store::Result& res) {
  std::vector<AuditRow> out;
  out.reserve(res.rows.size());
  for (const auto& r : res.rows) out.push_back(row_from(r));
  return out;
}

// The WHERE clause of the set filters, each with its value as the next parameter. Only which filters are
// set varies the SQL, so there are few distinct statements, each prepared once per connection.
class Conditions {
 public:
  // `condition` holds "${}" (or "${0}", for a value used twice) where the parameter's number goes.
  void add(std::string_view condition, store::Value value) {
    params_.push_back(std::move(value));
    where_ += where_.empty() ? " WHERE " : " AND ";
    where_ += fmt::format(fmt::runtime(condition), params_.size());
  }
  const std::string& where() const { return where_; }
  std::vector<store::Value>& params() { return params_; }

 private:
  std::string where_;
  std::vector<store::Value> params_;
};

}  // namespace

ChainHead advance_head(store::Tx& tx) {
  auto res = tx.run("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash");
  if (res.empty()) throw store::DbError("audit_head has no row: the audit migrations have not run");
  // RETURNING gives the new seq; the hash is still that of the entry before it.
  return {res.rows[0].integer(0), res.rows[0].text(1)};
}

void set_head_hash(store::Tx& tx, std::int64_t seq, const std::string& hash) {
  tx.run("UPDATE audit_head SET hash = $2 WHERE id = 1 AND seq = $1", seq, hash);
}

void insert_entry(store::Tx& tx, const AuditRow& r) {
  tx.run(
      "INSERT INTO audit_log (id, at, actor_user_id, actor_label, action, object_type, object_id, "
      "locality_id, ip_prefix, before_summary, after_summary, prev_hash, hash) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
      r.id, r.at, r.actor_user_id, r.actor_label, r.action, r.object_type, r.object_id, r.locality_id,
      r.ip_prefix, r.before, r.after, r.prev_hash, r.hash);
}

ChainHead read_head(store::Tx& tx) {
  const auto row = tx.run("SELECT seq, hash FROM audit_head WHERE id = 1").one();
  return {row.integer(0), row.text(1)};
}

namespace {
std::vector<Anchor> anchors_from(const store::Result& res) {
  std::vector<Anchor> out;
  for (const auto& r : res.rows) out.push_back({r.text(0), r.integer(1), r.text(2), r.integer(3)});
  return out;
}
}  // namespace

bool insert_anchor(store::Tx& tx, const Anchor& a) {
  return tx.run(
               "INSERT INTO audit_anchors (day, seq, hash, published_at) VALUES ($1, $2, $3, $4) "
               "ON CONFLICT (day) DO NOTHING",
               a.day, a.seq, a.hash, a.published_at)
             .affected > 0;
}

std::vector<Anchor> recent_anchors(store::Tx& tx, int limit) {
  return anchors_from(
      tx.run("SELECT day, seq, hash, published_at FROM audit_anchors ORDER BY day DESC LIMIT $1", limit));
}

std::vector<Anchor> all_anchors(store::Tx& tx) {
  // A backup of a site from before anchors existed is verified before it is migrated.
  bool exists =
      tx.engine() == store::Engine::sqlite
          ? !tx.run("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_anchors'").empty()
          : tx.run("SELECT CASE WHEN to_regclass('audit_anchors') IS NULL THEN 0 ELSE 1 END")
                    .one()
                    .integer(0) != 0;
  if (!exists) return {};
  return anchors_from(tx.run("SELECT day, seq, hash, published_at FROM audit_anchors ORDER BY day"));
}

std::vector<AuditRow> entries_after(store::Tx& tx, std::int64_t after_id, int limit) {
  return rows_from(tx.run(
      fmt::format("SELECT {} FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2", kColumns), after_id, limit));
}

std::vector<AuditRow> list_audit(store::Tx& tx, const AuditFilter& f) {
  Conditions c;
  // substr rather than LIKE: SQLite's LIKE ignores case and both would need "%" and "_" escaped.
  if (!f.action_prefix.empty())
    c.add("substr(action, 1, length(CAST(${0} AS TEXT))) = ${0}", f.action_prefix);
  if (f.actor_user_id) c.add("actor_user_id = ${}", *f.actor_user_id);
  if (!f.object_type.empty()) c.add("object_type = ${}", f.object_type);
  if (!f.object_type.empty() && !f.object_id.empty()) c.add("object_id = ${}", f.object_id);
  if (f.locality_id) c.add("locality_id = ${}", *f.locality_id);
  if (f.from) c.add("at >= ${}", *f.from);
  if (f.until) c.add("at < ${}", *f.until);
  if (f.before_id) c.add("id < ${}", *f.before_id);
  auto& params = c.params();
  params.emplace_back(std::int64_t{std::clamp(f.limit, 1, kMaxPage)});
  const auto sql = fmt::format("SELECT {} FROM audit_log{} ORDER BY id DESC LIMIT ${}", kColumns, c.where(),
                               params.size());
  return rows_from(tx.exec(sql, params));
}

}  // namespace cw::audit
