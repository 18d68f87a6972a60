// All of the alerts module's SQL: subscriptions, their topics and tokens, and the digests sent. Runs in
// the caller's transaction; thread-safe.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "modules/alerts/rules.h"
#include "store/db.h"

namespace cw::alerts {

struct Subscription {
  std::int64_t id = 0;
  std::string email;
  std::int64_t locality_id = 0;
  std::string postcode;
  std::optional<std::string> ward_code;
  std::string frequency, status;
  Micros created_at = 0;
  std::optional<Micros> confirmed_at, last_digest_at;
  std::vector<std::string> topics;
};

std::int64_t insert_subscription(store::Tx& tx, const Subscription& s);
std::optional<Subscription> find_subscription(store::Tx& tx, std::int64_t id);
// Confirmed subscriptions whose digest is due at `now`, oldest window first.
std::vector<Subscription> due_subscriptions(store::Tx& tx, Micros now, int limit);
void mark_confirmed(store::Tx& tx, std::int64_t id, Micros now);
// Deletes other confirmed subscriptions of the same address to the same place (a repeat replaces them).
void delete_duplicates_of(store::Tx& tx, const Subscription& s);
void delete_subscription(store::Tx& tx, std::int64_t id);
// Moves the subscription's window on from `from` to `to`; false when another server already did (the row
// lock makes the second wait, then find the window moved), so a digest is built by one server only.
bool claim_window(store::Tx& tx, std::int64_t id, Micros from, Micros to);

void insert_token(store::Tx& tx, const std::string& hash, std::int64_t subscription_id,
                  const std::string& purpose, Micros now, Micros expires_at);
// The subscription a live, unused token of `purpose` belongs to.
std::optional<std::int64_t> live_token(store::Tx& tx, const std::string& hash, const std::string& purpose,
                                       Micros now);
void use_token(store::Tx& tx, const std::string& hash, Micros now);

SentKeys sent_keys(store::Tx& tx, std::int64_t subscription_id);
std::int64_t insert_digest(store::Tx& tx, std::int64_t subscription_id, Micros window_start,
                           Micros window_end, std::int64_t mail_id,
                           const std::vector<search::SearchDocument>& items, Micros now);

// Deletes unconfirmed requests, expired tokens and old digest records; returns rows deleted.
std::int64_t purge_expired(store::Tx& tx, Micros now);

}  // namespace cw::alerts
