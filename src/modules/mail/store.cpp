#include "modules/mail/store.h"

namespace cw::mail {

namespace {

constexpr const char* kColumns =
    "id, created_at, to_address, subject, text_body, html_body, list_unsubscribe, kind, status, attempts, "
    "next_attempt_at, last_error, sent_at";

// SQLite has one writer, so the plain subquery cannot race. PostgreSQL senders on several app servers
// would otherwise queue on the same row lock and then send the same message; SKIP LOCKED makes each
// take a different one.
constexpr const char* kClaimSqlite =
    "UPDATE outbox SET next_attempt_at = $2 WHERE id = (SELECT id FROM outbox WHERE status = 'pending' "
    "AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT 1) "
    "RETURNING id, created_at, to_address, subject, text_body, html_body, list_unsubscribe, kind, status, "
    "attempts, next_attempt_at, last_error, sent_at";
constexpr const char* kClaimPostgres =
    "UPDATE outbox SET next_attempt_at = $2 WHERE id = (SELECT id FROM outbox WHERE status = 'pending' "
    "AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
    "RETURNING id, created_at, to_address, subject, text_body, html_body, list_unsubscribe, kind, status, "
    "attempts, next_attempt_at, last_error, sent_at";

OutboxRow row_from(const store::Row& r) {
  OutboxRow o;
  o.id = r.integer(0);
  o.created_at = r.integer(1);
  o.message.to = r.text(2);
  o.message.subject = r.text(3);
  o.message.text = r.text(4);
  o.message.html = r.opt_text(5).value_or("");
  o.message.list_unsubscribe = r.opt_text(6).value_or("");
  o.message.kind = r.text(7);
  o.status = r.text(8);
  o.attempts = static_cast<int>(r.integer(9));
  o.next_attempt_at = r.integer(10);
  o.last_error = r.opt_text(11);
  o.sent_at = r.opt_integer(12);
  return o;
}

std::optional<std::string> null_if_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

}  // namespace

store::Statement outbox_insert(const MailMessage& m, Micros now) {
  return store::Statement::of(
      "INSERT INTO outbox (created_at, to_address, subject, text_body, html_body, list_unsubscribe, kind, "
      "status, attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $1) RETURNING id",
      now, m.to, m.subject, m.text, null_if_empty(m.html), null_if_empty(m.list_unsubscribe), m.kind);
}

std::int64_t insert_outbox(store::Tx& tx, const MailMessage& m, Micros now) {
  return tx.exec(outbox_insert(m, now)).one().integer(0);
}

void delete_unsent(store::Tx& tx, std::int64_t id) {
  tx.run("DELETE FROM outbox WHERE id = $1 AND status = 'pending'", id);
}

std::optional<OutboxRow> claim_next_due(store::Tx& tx, Micros now, Micros hidden_until) {
  auto res =
      tx.run(tx.engine() == store::Engine::postgresql ? kClaimPostgres : kClaimSqlite, now, hidden_until);
  if (res.empty()) return std::nullopt;
  return row_from(res.rows[0]);
}

void mark_sent(store::Tx& tx, std::int64_t id, Micros now) {
  tx.run("UPDATE outbox SET status = 'sent', sent_at = $2 WHERE id = $1 AND status = 'pending'", id, now);
}

void mark_failed_attempt(store::Tx& tx, std::int64_t id, int attempts, const std::string& error,
                         std::optional<Micros> retry_at) {
  if (retry_at) {
    tx.run(
        "UPDATE outbox SET attempts = $2, last_error = $3, next_attempt_at = $4 "
        "WHERE id = $1 AND status = 'pending'",
        id, attempts, error, *retry_at);
  } else {
    tx.run(
        "UPDATE outbox SET attempts = $2, last_error = $3, status = 'failed' "
        "WHERE id = $1 AND status = 'pending'",
        id, attempts, error);
  }
}

std::optional<OutboxRow> find_outbox(store::Tx& tx, std::int64_t id) {
  auto res = tx.run(std::string("SELECT ") + kColumns + " FROM outbox WHERE id = $1", id);
  if (res.empty()) return std::nullopt;
  return row_from(res.rows[0]);
}

std::int64_t count_outbox(store::Tx& tx) {
  return tx.run("SELECT COUNT(*) FROM outbox").one().integer(0);
}

}  // namespace cw::mail
