// All SQL of the accounts module: people, sessions, mailed-link tokens, role grants, sign-in throttles
// and site secrets. Each function runs inside the caller's transaction. Thread-safe as Tx is.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/actor.h"
#include "modules/accounts/rules.h"
#include "store/db.h"

namespace cw::accounts {

struct User {
  std::int64_t id = 0;
  std::optional<std::string> email;
  std::optional<Micros> email_confirmed_at;
  std::string password_hash;
  std::string display_name;
  std::string postcode;
  std::string status;  // active, blocked, deleted
  Micros created_at = 0;
};

struct SessionRow {
  std::string id_hash;
  std::int64_t user_id = 0;
  Micros created_at = 0, last_seen_at = 0, expires_at = 0;
  std::string ip_prefix, user_agent;
  std::optional<Micros> second_factor_at;  // when the session last passed the second factor
};

struct TokenRow {
  std::string purpose;
  std::optional<std::int64_t> user_id;
  std::string email, role;
  std::int64_t locality_id = 0;
  Micros expires_at = 0;
  std::optional<Micros> used_at;
  std::int64_t organisation_id = 0;  // an invitation to be an organisation admin
};

struct GrantRow {
  std::int64_t user_id = 0;
  std::string role;
  std::int64_t locality_id = 0, organisation_id = 0;
  Micros granted_at = 0;
  std::string email, display_name;  // of the holder, for admin lists
};

std::optional<User> find_user_by_email(store::Tx& tx, const std::string& canonical_email);
std::optional<User> find_user(store::Tx& tx, std::int64_t id);
std::int64_t insert_user(store::Tx& tx, const std::string& email, const std::string& password_hash,
                         const std::string& display_name, const std::string& postcode, Micros now);
void set_email_confirmed(store::Tx& tx, std::int64_t user_id, Micros now);
void set_password_hash(store::Tx& tx, std::int64_t user_id, const std::string& hash);
void set_profile(store::Tx& tx, std::int64_t user_id, const std::string& display_name,
                 const std::string& postcode);
void set_email(store::Tx& tx, std::int64_t user_id, const std::string& email, Micros now);
// Removes everything that identifies the person; the row stays as an anonymous author.
void anonymise_user(store::Tx& tx, std::int64_t user_id, Micros now);

void insert_session(store::Tx& tx, const SessionRow& s);
// The live session with this hash and its user (active and confirmed), or nullopt.
std::optional<std::pair<SessionRow, User>> find_live_session(store::Tx& tx, const std::string& id_hash,
                                                             Micros now);
void touch_session(store::Tx& tx, const std::string& id_hash, Micros now);
void end_session(store::Tx& tx, const std::string& id_hash, Micros now);
// Ends a session of this user's; false when it is not theirs or already ended.
bool end_own_session(store::Tx& tx, std::int64_t user_id, const std::string& id_hash, Micros now);
int end_all_sessions(store::Tx& tx, std::int64_t user_id, Micros now);
// Every live session of the user but the one with `keep_hash`.
int end_other_sessions(store::Tx& tx, std::int64_t user_id, const std::string& keep_hash, Micros now);
std::vector<SessionRow> live_sessions(store::Tx& tx, std::int64_t user_id, Micros now);

void insert_token(store::Tx& tx, const std::string& hash, const TokenRow& t, Micros now);
std::optional<TokenRow> find_token(store::Tx& tx, const std::string& hash);
// Marks the token used; false when it was already used (so two requests cannot both spend it).
bool use_token(store::Tx& tx, const std::string& hash, Micros now);
// Spends every outstanding password-reset and change-email link of the person: after a reset, an email
// change or a new reset request, no older mail can still change the account.
void spend_account_links(store::Tx& tx, std::int64_t user_id, Micros now);
void delete_user_tokens(store::Tx& tx, std::int64_t user_id);

std::vector<RoleGrant> user_grants(store::Tx& tx, std::int64_t user_id);
// false when the grant already existed.
bool insert_grant(store::Tx& tx, std::int64_t user_id, const RoleGrant& g, std::optional<std::int64_t> by,
                  Micros now);
bool delete_grant(store::Tx& tx, std::int64_t user_id, const RoleGrant& g);
void delete_user_grants(store::Tx& tx, std::int64_t user_id);
// Grants held in `locality_id` (every grant when nullopt), with their holders.
std::vector<GrantRow> list_grants(store::Tx& tx, std::optional<std::int64_t> locality_id);

// The count under `key`, locked for the rest of the transaction (a new row when there is none), so that
// concurrent attempts count one after another rather than over each other.
ThrottleState lock_throttle(store::Tx& tx, const std::string& key);
// Takes back one failure counted ahead of an attempt that then succeeded.
void undo_failure(store::Tx& tx, const std::string& key);
// Clears every count of the account: from anywhere and from each address.
void clear_account_throttles(store::Tx& tx, const std::string& email);
ThrottleState load_throttle(store::Tx& tx, const std::string& key);
void save_throttle(store::Tx& tx, const std::string& key, const ThrottleState& s);
void clear_throttle(store::Tx& tx, const std::string& key);

// Deletes sessions that ended (or timed out) and mailed-link tokens that were used or expired before
// `cutoff`, and sign-in throttles idle since then. Returns how many rows went.
std::int64_t purge_expired(store::Tx& tx, Micros cutoff);

// The second factor (second_factor.h). A person has at most one secret: pending until confirmed.
struct SecondFactorRow {
  std::string secret;
  std::optional<Micros> confirmed_at;
  std::int64_t last_step = 0;
};
std::optional<SecondFactorRow> find_second_factor(store::Tx& tx, std::int64_t user_id);
// Starts setting one up (replacing any pending one); refuses nothing: callers check none is confirmed.
void put_pending_second_factor(store::Tx& tx, std::int64_t user_id, const std::string& secret, Micros now);
void mark_second_factor_confirmed(store::Tx& tx, std::int64_t user_id, Micros now);
// Records `step` as used; false when that step (or a later one) was already used, so a code is spent
// once even when two requests race with it.
bool spend_totp_step(store::Tx& tx, std::int64_t user_id, std::int64_t step);
// Removes the secret and recovery codes (an admin's reset, or deleting the account).
void delete_second_factor(store::Tx& tx, std::int64_t user_id);
// Replaces the person's recovery codes with these hashes.
void put_recovery_codes(store::Tx& tx, std::int64_t user_id, const std::vector<std::string>& hashes);
// Marks the code used; false when it is not theirs or was used already.
bool use_recovery_code(store::Tx& tx, std::int64_t user_id, const std::string& hash, Micros now);
std::int64_t recovery_codes_left(store::Tx& tx, std::int64_t user_id);
void set_session_second_factor(store::Tx& tx, const std::string& id_hash, Micros now);

// The named secret, made with `make` and stored the first time it is asked for.
std::string site_secret(store::Tx& tx, const std::string& name, const std::string& made);

}  // namespace cw::accounts
