#include "modules/mail/store.h"
#include <algorithm>
#include <cctype>

#include "web/csrf.h"

namespace cw::mail {

namespace {

constexpr const char* kColumns =
    "id, created_at, to_address, subject, text_body, html_body, list_unsubscribe, kind, status, attempts, "
    "next_attempt_at, last_error, sent_at, skip_reason, account_critical";

// SQLite has one writer, so the plain subquery cannot race. PostgreSQL senders on several app servers
// would otherwise queue on the same row lock and then send the same message; SKIP LOCKED makes each
// take a different one.
constexpr const char* kClaimSqlite =
    "UPDATE outbox SET next_attempt_at = $2 WHERE id = (SELECT id FROM outbox WHERE status = 'pending' "
    "AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT 1) "
    "RETURNING id, created_at, to_address, subject, text_body, html_body, list_unsubscribe, kind, status, "
    "attempts, next_attempt_at, last_error, sent_at, skip_reason, account_critical";
constexpr const char* kClaimPostgres =
    "UPDATE outbox SET next_attempt_at = $2 WHERE id = (SELECT id FROM outbox WHERE status = 'pending' "
    "AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
    "RETURNING id, created_at, to_address, subject, text_body, html_body, list_unsubscribe, kind, status, "
    "attempts, next_attempt_at, last_error, sent_at, skip_reason, account_critical";

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
  o.skip_reason = r.opt_text(13);
  o.message.account_critical = r.boolean(14);
  return o;
}

std::optional<std::string> null_if_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// Why a mail is skipped, worked out in the insert itself so the statement can run in a group commit.
// Skipped mail still counts neither toward the cap nor as the last of its kind. Parameters are cast
// because PostgreSQL cannot infer their types in a SELECT list.
constexpr const char* kInsert =
    "INSERT INTO outbox (created_at, to_address, recipient, subject, text_body, html_body, list_unsubscribe, "
    "kind, account_critical, status, skip_reason, attempts, next_attempt_at) "
    "SELECT CAST($1 AS BIGINT), CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 AS TEXT), "
    "CASE WHEN s.reason IS NULL THEN CAST($5 AS TEXT) ELSE '' END, "
    "CASE WHEN s.reason IS NULL THEN CAST($6 AS TEXT) END, CAST($7 AS TEXT), CAST($8 AS TEXT), "
    "CAST($9 AS INTEGER), CASE WHEN s.reason IS NULL THEN 'pending' ELSE 'skipped' END, s.reason, 0, "
    "CAST($1 AS BIGINT) FROM (SELECT CASE "
    "WHEN CAST($9 AS INTEGER) = 0 AND EXISTS (SELECT 1 FROM mail_suppressions WHERE address = $3) "
    "THEN 'suppressed' "
    "WHEN CAST($10 AS INTEGER) = 1 AND EXISTS (SELECT 1 FROM outbox WHERE recipient = $3 AND kind = $8 "
    "AND created_at > CAST($11 AS BIGINT) AND status <> 'skipped') THEN 'repeat' "
    "WHEN CAST($9 AS INTEGER) = 0 AND (SELECT COUNT(*) FROM outbox WHERE recipient = $3 "
    "AND created_at > CAST($11 AS BIGINT) AND status <> 'skipped' AND account_critical = 0) "
    ">= CAST($12 AS INTEGER) THEN 'daily cap' END AS reason) s RETURNING id";

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

std::string recipient_of(const std::string& address) {
  return lowercase(address);
}

store::Statement outbox_insert(const MailMessage& m, Micros now) {
  return store::Statement::of(kInsert, now, m.to, recipient_of(m.to), m.subject, m.text,
                              null_if_empty(m.html), null_if_empty(m.list_unsubscribe), m.kind,
                              static_cast<std::int64_t>(m.account_critical ? 1 : 0),
                              static_cast<std::int64_t>(m.once_a_day ? 1 : 0), now - kDay,
                              static_cast<std::int64_t>(kDailyCapPerAddress));
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
  // The bodies go once delivered: they repeat what the other modules hold, and a sign-in link or a
  // person's answers should not sit in the outbox for its whole retention period.
  tx.run(
      "UPDATE outbox SET status = 'sent', sent_at = $2, text_body = '', html_body = NULL "
      "WHERE id = $1 AND status = 'pending'",
      id, now);
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

std::string stop_token_for(store::Tx& tx, const std::string& address, Micros now) {
  const auto key = recipient_of(address);
  if (auto found = tx.run("SELECT token FROM mail_stop_tokens WHERE address = $1", key); !found.empty())
    return found.rows[0].text(0);
  const auto token = web::random_base64url(24);
  // Two senders making the first link for one address at once: the second keeps the first's token.
  tx.run(
      "INSERT INTO mail_stop_tokens (token, address, created_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (address) DO NOTHING",
      token, key, now);
  return tx.run("SELECT token FROM mail_stop_tokens WHERE address = $1", key).one().text(0);
}

std::optional<std::string> stop_address_of(store::Tx& tx, const std::string& token) {
  auto res = tx.run("SELECT address FROM mail_stop_tokens WHERE token = $1", token);
  if (res.empty()) return std::nullopt;
  return res.rows[0].text(0);
}

void insert_suppression(store::Tx& tx, const std::string& address, const std::string& reason, Micros now) {
  tx.run(
      "INSERT INTO mail_suppressions (address, reason, created_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (address) DO NOTHING",
      recipient_of(address), reason, now);
}

bool suppression_exists(store::Tx& tx, const std::string& address) {
  return !tx.run("SELECT 1 FROM mail_suppressions WHERE address = $1", recipient_of(address)).empty();
}

std::int64_t prune_finished(store::Tx& tx, Micros before) {
  return tx.run("DELETE FROM outbox WHERE status <> 'pending' AND created_at < $1", before).affected;
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
