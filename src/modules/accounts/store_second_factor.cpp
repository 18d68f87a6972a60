// The second factor's SQL (declared in store.h with the rest of the accounts module's).
#include "modules/accounts/store.h"

namespace cw::accounts {

std::optional<SecondFactorRow> find_second_factor(store::Tx& tx, std::int64_t user_id) {
  auto res = tx.run("SELECT secret, confirmed_at, last_step FROM second_factors WHERE user_id = $1", user_id);
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows[0];
  return SecondFactorRow{r.text(0), r.opt_integer(1), r.integer(2)};
}

void put_pending_second_factor(store::Tx& tx, std::int64_t user_id, const std::string& secret, Micros now) {
  tx.run(
      "INSERT INTO second_factors (user_id, secret, created_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, "
      "confirmed_at = NULL, last_step = 0",
      user_id, secret, now);
}

void mark_second_factor_confirmed(store::Tx& tx, std::int64_t user_id, Micros now) {
  tx.run("UPDATE second_factors SET confirmed_at = $2 WHERE user_id = $1", user_id, now);
}

bool spend_totp_step(store::Tx& tx, std::int64_t user_id, std::int64_t step) {
  return tx.run("UPDATE second_factors SET last_step = $2 WHERE user_id = $1 AND last_step < $2", user_id,
                step)
             .affected > 0;
}

void delete_second_factor(store::Tx& tx, std::int64_t user_id) {
  tx.run("DELETE FROM recovery_codes WHERE user_id = $1", user_id);
  tx.run("DELETE FROM second_factors WHERE user_id = $1", user_id);
}

void put_recovery_codes(store::Tx& tx, std::int64_t user_id, const std::vector<std::string>& hashes) {
  tx.run("DELETE FROM recovery_codes WHERE user_id = $1", user_id);
  for (const auto& h : hashes)
    tx.run("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)", user_id, h);
}

bool use_recovery_code(store::Tx& tx, std::int64_t user_id, const std::string& hash, Micros now) {
  return tx.run(
               "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS "
               "NULL",
               user_id, hash, now)
             .affected > 0;
}

std::int64_t recovery_codes_left(store::Tx& tx, std::int64_t user_id) {
  return tx.run("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL", user_id)
      .one()
      .integer(0);
}

void set_session_second_factor(store::Tx& tx, const std::string& id_hash, Micros now) {
  tx.run("UPDATE sessions SET second_factor_at = $2 WHERE id_hash = $1 AND ended_at IS NULL", id_hash, now);
}

}  // namespace cw::accounts
