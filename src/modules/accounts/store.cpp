#include "modules/accounts/store.h"

namespace cw::accounts {

namespace {

constexpr const char* kUserColumns =
    "u.id, u.email, u.email_confirmed_at, COALESCE(u.password_hash, ''), COALESCE(u.display_name, ''), "
    "COALESCE(u.postcode, ''), u.status, u.created_at";

User user_from(const store::Row& r, std::size_t at = 0) {
  return User{r.integer(at),  r.opt_text(at + 1), r.opt_integer(at + 2), r.text(at + 3),
              r.text(at + 4), r.text(at + 5),     r.text(at + 6),        r.integer(at + 7)};
}

std::optional<std::int64_t> scope(std::int64_t v) {
  return v == 0 ? std::nullopt : std::optional<std::int64_t>(v);
}

}  // namespace

std::optional<User> find_user_by_email(store::Tx& tx, const std::string& canonical_email) {
  auto res =
      tx.run(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.email = $1", canonical_email);
  if (res.empty()) return std::nullopt;
  return user_from(res.rows[0]);
}

std::optional<User> find_user(store::Tx& tx, std::int64_t id) {
  auto res = tx.run(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.id = $1", id);
  if (res.empty()) return std::nullopt;
  return user_from(res.rows[0]);
}

std::int64_t insert_user(store::Tx& tx, const std::string& email, const std::string& password_hash,
                         const std::string& display_name, const std::string& postcode, Micros now) {
  return tx
      .run(
          "INSERT INTO users (email, password_hash, display_name, postcode, created_at) "
          "VALUES ($1, $2, $3, $4, $5) RETURNING id",
          email, password_hash, display_name, postcode, now)
      .one()
      .integer(0);
}

void set_email_confirmed(store::Tx& tx, std::int64_t user_id, Micros now) {
  tx.run("UPDATE users SET email_confirmed_at = COALESCE(email_confirmed_at, $2) WHERE id = $1", user_id,
         now);
}

void set_password_hash(store::Tx& tx, std::int64_t user_id, const std::string& hash) {
  tx.run("UPDATE users SET password_hash = $2 WHERE id = $1", user_id, hash);
}

void set_profile(store::Tx& tx, std::int64_t user_id, const std::string& display_name,
                 const std::string& postcode) {
  tx.run("UPDATE users SET display_name = $2, postcode = $3 WHERE id = $1", user_id, display_name, postcode);
}

void set_email(store::Tx& tx, std::int64_t user_id, const std::string& email, Micros now) {
  tx.run("UPDATE users SET email = $2, email_confirmed_at = $3 WHERE id = $1", user_id, email, now);
}

void anonymise_user(store::Tx& tx, std::int64_t user_id, Micros now) {
  tx.run(
      "UPDATE users SET email = NULL, password_hash = NULL, display_name = NULL, postcode = NULL, "
      "status = 'deleted', deleted_at = $2 WHERE id = $1",
      user_id, now);
}

// The shorter limits of a role holder's session (s): $4 is the idle cut-off, $5 the absolute one.
constexpr const char* kWithinRoleLimits =
    "(NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = s.user_id) "
    "OR (s.last_seen_at > $4 AND s.created_at > $5))";

void insert_session(store::Tx& tx, const SessionRow& s) {
  tx.run(
      "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, ip_prefix, user_agent, "
      "second_factor_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      s.id_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.ip_prefix, s.user_agent,
      s.second_factor_at);
}

std::optional<std::pair<SessionRow, User>> find_live_session(store::Tx& tx, const std::string& id_hash,
                                                             Micros now) {
  auto res = tx.run(std::string("SELECT s.id_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, "
                                "s.ip_prefix, s.user_agent, s.second_factor_at, ") +
                        kUserColumns +
                        " FROM sessions s JOIN users u ON u.id = s.user_id "
                        "WHERE s.id_hash = $1 AND s.ended_at IS NULL AND s.expires_at > $2 "
                        "AND s.last_seen_at > $3 AND u.status = 'active' AND " +
                        kWithinRoleLimits,
                    id_hash, now, now - kSessionIdle, now - kRoleSessionIdle, now - kRoleSessionAbsolute);
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows[0];
  SessionRow s{r.text(0),    r.integer(1), r.integer(2), r.integer(3),
               r.integer(4), r.text(5),    r.text(6),    r.opt_integer(7)};
  return std::make_pair(std::move(s), user_from(r, 8));
}

void touch_session(store::Tx& tx, const std::string& id_hash, Micros now) {
  tx.run("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1 AND ended_at IS NULL", id_hash, now);
}

void end_session(store::Tx& tx, const std::string& id_hash, Micros now) {
  tx.run("UPDATE sessions SET ended_at = $2 WHERE id_hash = $1 AND ended_at IS NULL", id_hash, now);
}

bool end_own_session(store::Tx& tx, std::int64_t user_id, const std::string& id_hash, Micros now) {
  return tx.run("UPDATE sessions SET ended_at = $3 WHERE id_hash = $1 AND user_id = $2 AND ended_at IS NULL",
                id_hash, user_id, now)
             .affected > 0;
}

int end_all_sessions(store::Tx& tx, std::int64_t user_id, Micros now) {
  return static_cast<int>(
      tx.run("UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL", user_id, now)
          .affected);
}

int end_other_sessions(store::Tx& tx, std::int64_t user_id, const std::string& keep_hash, Micros now) {
  return static_cast<int>(
      tx.run("UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL AND "
             "id_hash <> $3",
             user_id, now, keep_hash)
          .affected);
}

std::vector<SessionRow> live_sessions(store::Tx& tx, std::int64_t user_id, Micros now) {
  auto res = tx.run(
      std::string("SELECT s.id_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.ip_prefix, "
                  "s.user_agent FROM sessions s WHERE s.user_id = $1 AND s.ended_at IS NULL AND "
                  "s.expires_at > $2 AND s.last_seen_at > $3 AND ") +
          kWithinRoleLimits + " ORDER BY s.last_seen_at DESC",
      user_id, now, now - kSessionIdle, now - kRoleSessionIdle, now - kRoleSessionAbsolute);
  std::vector<SessionRow> out;
  for (const auto& r : res.rows)
    out.push_back({r.text(0), r.integer(1), r.integer(2), r.integer(3), r.integer(4), r.text(5), r.text(6)});
  return out;
}

void insert_token(store::Tx& tx, const std::string& hash, const TokenRow& t, Micros now) {
  tx.run(
      "INSERT INTO account_tokens (token_hash, purpose, user_id, email, role, locality_id, created_at, "
      "expires_at, organisation_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      hash, t.purpose, t.user_id, t.email, t.role, t.locality_id, now, t.expires_at, t.organisation_id);
}

std::optional<TokenRow> find_token(store::Tx& tx, const std::string& hash) {
  auto res = tx.run(
      "SELECT purpose, user_id, email, role, locality_id, expires_at, used_at, organisation_id FROM "
      "account_tokens WHERE token_hash = $1",
      hash);
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows[0];
  return TokenRow{r.text(0),    r.opt_integer(1), r.text(2),        r.text(3),
                  r.integer(4), r.integer(5),     r.opt_integer(6), r.integer(7)};
}

bool use_token(store::Tx& tx, const std::string& hash, Micros now) {
  return tx.run("UPDATE account_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL", hash, now)
             .affected > 0;
}

void spend_account_links(store::Tx& tx, std::int64_t user_id, Micros now) {
  tx.run(
      "UPDATE account_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL AND purpose IN "
      "('reset', "
      "'change_email')",
      user_id, now);
}

void delete_user_tokens(store::Tx& tx, std::int64_t user_id) {
  tx.run("DELETE FROM account_tokens WHERE user_id = $1", user_id);
}

std::vector<RoleGrant> user_grants(store::Tx& tx, std::int64_t user_id) {
  auto res = tx.run(
      "SELECT role, locality_id, organisation_id FROM role_grants WHERE user_id = $1 "
      "ORDER BY role, locality_id, organisation_id",
      user_id);
  std::vector<RoleGrant> out;
  for (const auto& r : res.rows) out.push_back({r.text(0), scope(r.integer(1)), scope(r.integer(2))});
  return out;
}

bool insert_grant(store::Tx& tx, std::int64_t user_id, const RoleGrant& g, std::optional<std::int64_t> by,
                  Micros now) {
  return tx.run(
               "INSERT INTO role_grants (user_id, role, locality_id, organisation_id, granted_by, "
               "granted_at) "
               "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
               user_id, g.role, g.locality_id.value_or(0), g.organisation_id.value_or(0), by, now)
             .affected > 0;
}

bool delete_grant(store::Tx& tx, std::int64_t user_id, const RoleGrant& g) {
  return tx.run(
               "DELETE FROM role_grants WHERE user_id = $1 AND role = $2 AND locality_id = $3 "
               "AND organisation_id = $4",
               user_id, g.role, g.locality_id.value_or(0), g.organisation_id.value_or(0))
             .affected > 0;
}

void delete_user_grants(store::Tx& tx, std::int64_t user_id) {
  tx.run("DELETE FROM role_grants WHERE user_id = $1", user_id);
}

std::vector<GrantRow> list_grants(store::Tx& tx, std::optional<std::int64_t> locality_id) {
  constexpr const char* kSelect =
      "SELECT g.user_id, g.role, g.locality_id, g.organisation_id, g.granted_at, COALESCE(u.email, ''), "
      "COALESCE(u.display_name, '') FROM role_grants g JOIN users u ON u.id = g.user_id ";
  constexpr const char* kOrder = " ORDER BY u.display_name, u.id, g.role";
  auto res = locality_id ? tx.run(std::string(kSelect) + "WHERE g.locality_id = $1" + kOrder, *locality_id)
                         : tx.run(std::string(kSelect) + kOrder);
  std::vector<GrantRow> out;
  for (const auto& r : res.rows)
    out.push_back({r.integer(0), r.text(1), r.integer(2), r.integer(3), r.integer(4), r.text(5), r.text(6)});
  return out;
}

ThrottleState lock_throttle(store::Tx& tx, const std::string& key) {
  // SQLite has one writer, so its write transaction already holds the row; PostgreSQL locks it.
  if (tx.engine() == store::Engine::sqlite) return load_throttle(tx, key);
  tx.run(
      "INSERT INTO sign_in_throttle (throttle_key, failures, window_start, last_failure_at) VALUES ($1, 0, "
      "0, "
      "0) ON CONFLICT (throttle_key) DO NOTHING",
      key);
  const auto& r = tx.run(
                        "SELECT failures, window_start, last_failure_at, locked_until FROM sign_in_throttle "
                        "WHERE throttle_key = $1 FOR UPDATE",
                        key)
                      .one();
  return {static_cast<int>(r.integer(0)), r.integer(1), r.integer(2), r.integer(3)};
}

void undo_failure(store::Tx& tx, const std::string& key) {
  tx.run("UPDATE sign_in_throttle SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0", key);
}

void clear_account_throttles(store::Tx& tx, const std::string& email) {
  auto key = "account:" + email;
  auto prefix = key + "|";
  tx.run(
      "DELETE FROM sign_in_throttle WHERE throttle_key = $1 OR SUBSTR(throttle_key, 1, CAST($2 AS INTEGER)) "
      "= "
      "$3",
      key, static_cast<std::int64_t>(prefix.size()), prefix);
}

ThrottleState load_throttle(store::Tx& tx, const std::string& key) {
  auto res = tx.run(
      "SELECT failures, window_start, last_failure_at, locked_until FROM sign_in_throttle "
      "WHERE throttle_key = $1",
      key);
  if (res.empty()) return {};
  const auto& r = res.rows[0];
  return {static_cast<int>(r.integer(0)), r.integer(1), r.integer(2), r.integer(3)};
}

void save_throttle(store::Tx& tx, const std::string& key, const ThrottleState& s) {
  tx.run(
      "INSERT INTO sign_in_throttle (throttle_key, failures, window_start, last_failure_at, locked_until) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (throttle_key) DO UPDATE SET failures = excluded.failures, "
      "window_start = excluded.window_start, last_failure_at = excluded.last_failure_at, "
      "locked_until = excluded.locked_until",
      key, s.failures, s.window_start, s.last_failure_at, s.locked_until);
}

void clear_throttle(store::Tx& tx, const std::string& key) {
  tx.run("DELETE FROM sign_in_throttle WHERE throttle_key = $1", key);
}

std::int64_t purge_expired(store::Tx& tx, Micros cutoff) {
  // A session idle for longer than the idle timeout is over even if nobody ended it.
  auto sessions =
      tx.run(
            "DELETE FROM sessions WHERE (ended_at IS NOT NULL AND ended_at < $1) OR expires_at < $1 "
            "OR last_seen_at < $2",
            cutoff, cutoff - kSessionIdle)
          .affected;
  auto tokens =
      tx.run("DELETE FROM account_tokens WHERE (used_at IS NOT NULL AND used_at < $1) OR expires_at < $1",
             cutoff)
          .affected;
  auto throttles =
      tx.run("DELETE FROM sign_in_throttle WHERE last_failure_at < $1 AND locked_until < $1", cutoff)
          .affected;
  return sessions + tokens + throttles;
}

std::string site_secret(store::Tx& tx, const std::string& name, const std::string& made) {
  tx.run("INSERT INTO site_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", name, made);
  return tx.run("SELECT value FROM site_secrets WHERE name = $1", name).one().text(0);
}

}  // namespace cw::accounts
