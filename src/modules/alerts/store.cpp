#include "modules/alerts/store.h"

namespace cw::alerts {

namespace {

constexpr const char* kColumns =
    "SELECT id, email, locality_id, postcode, ward_code, frequency, status, created_at, confirmed_at, "
    "last_digest_at FROM alert_subscriptions";

Subscription subscription_from(store::Tx& tx, const store::Row& r) {
  Subscription s{.id = r.integer(std::size_t{0}),
                 .email = r.text(1),
                 .locality_id = r.integer(2),
                 .postcode = r.text(3),
                 .ward_code = r.opt_text(4),
                 .frequency = r.text(5),
                 .status = r.text(6),
                 .created_at = r.integer(7),
                 .confirmed_at = r.opt_integer(8),
                 .last_digest_at = r.opt_integer(9)};
  for (const auto& t :
       tx.run("SELECT topic FROM alert_subscription_topics WHERE subscription_id = $1 ORDER BY topic", s.id)
           .rows)
    s.topics.push_back(t.text(0));
  return s;
}

}  // namespace

std::int64_t insert_subscription(store::Tx& tx, const Subscription& s) {
  auto id =
      tx.run(
            "INSERT INTO alert_subscriptions (email, locality_id, postcode, ward_code, frequency, status, "
            "created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id",
            s.email, s.locality_id, s.postcode, s.ward_code, s.frequency, s.created_at)
          .one()
          .integer(0);
  for (const auto& t : s.topics)
    tx.run(
        "INSERT INTO alert_subscription_topics (subscription_id, topic) VALUES ($1, $2) ON CONFLICT DO "
        "NOTHING",
        id, t);
  return id;
}

std::optional<Subscription> find_subscription(store::Tx& tx, std::int64_t id) {
  auto res = tx.run(std::string(kColumns) + " WHERE id = $1", id);
  if (res.empty()) return std::nullopt;
  return subscription_from(tx, res.rows[0]);
}

std::vector<Subscription> due_subscriptions(store::Tx& tx, Micros now, int limit) {
  std::vector<Subscription> out;
  for (const auto& r :
       tx.run(std::string(kColumns) +
                  " WHERE status = 'confirmed' AND ((frequency = 'daily' AND last_digest_at <= $1) "
                  "OR (frequency = 'weekly' AND last_digest_at <= $2)) "
                  "ORDER BY last_digest_at, id LIMIT $3",
              now - kDay, now - 7 * kDay, std::int64_t{limit})
           .rows)
    out.push_back(subscription_from(tx, r));
  return out;
}

void mark_confirmed(store::Tx& tx, std::int64_t id, Micros now) {
  tx.run(
      "UPDATE alert_subscriptions SET status = 'confirmed', confirmed_at = $2, last_digest_at = $2 WHERE id "
      "= $1",
      id, now);
}

void delete_duplicates_of(store::Tx& tx, const Subscription& s) {
  tx.run(
      "DELETE FROM alert_subscriptions WHERE email = $1 AND locality_id = $2 AND COALESCE(ward_code, '') = "
      "$3 "
      "AND status = 'confirmed' AND id <> $4",
      s.email, s.locality_id, s.ward_code.value_or(""), s.id);
}

void delete_subscription(store::Tx& tx, std::int64_t id) {
  tx.run("DELETE FROM alert_subscriptions WHERE id = $1", id);
}

bool claim_window(store::Tx& tx, std::int64_t id, Micros from, Micros to) {
  return tx.run("UPDATE alert_subscriptions SET last_digest_at = $3 WHERE id = $1 AND last_digest_at = $2",
                id, from, to)
             .affected == 1;
}

void insert_token(store::Tx& tx, const std::string& hash, std::int64_t subscription_id,
                  const std::string& purpose, Micros now, Micros expires_at) {
  tx.run(
      "INSERT INTO alert_tokens (token_hash, subscription_id, purpose, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      hash, subscription_id, purpose, now, expires_at);
}

std::optional<std::int64_t> live_token(store::Tx& tx, const std::string& hash, const std::string& purpose,
                                       Micros now) {
  auto res = tx.run(
      "SELECT subscription_id FROM alert_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL "
      "AND expires_at > $3",
      hash, purpose, now);
  if (res.empty()) return std::nullopt;
  return res.rows[0].integer(std::size_t{0});
}

void use_token(store::Tx& tx, const std::string& hash, Micros now) {
  tx.run("UPDATE alert_tokens SET used_at = $2 WHERE token_hash = $1", hash, now);
}

SentKeys sent_keys(store::Tx& tx, std::int64_t subscription_id) {
  SentKeys out;
  for (const auto& r :
       tx.run("SELECT kind, ref FROM alert_digest_items WHERE subscription_id = $1", subscription_id).rows)
    out.emplace(r.text(0), r.text(1));
  return out;
}

std::int64_t insert_digest(store::Tx& tx, std::int64_t subscription_id, Micros window_start,
                           Micros window_end, std::int64_t mail_id,
                           const std::vector<search::SearchDocument>& items, Micros now) {
  auto id =
      tx.run(
            "INSERT INTO alert_digests (subscription_id, window_start, window_end, mail_id, items, sent_at) "
            "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            subscription_id, window_start, window_end, mail_id, static_cast<std::int64_t>(items.size()), now)
          .one()
          .integer(0);
  for (const auto& d : items)
    tx.run("INSERT INTO alert_digest_items (subscription_id, kind, ref, digest_id) VALUES ($1, $2, $3, $4)",
           subscription_id, d.kind, d.ref, id);
  return id;
}

std::int64_t purge_expired(store::Tx& tx, Micros now) {
  std::int64_t n = 0;
  n += tx.run("DELETE FROM alert_subscriptions WHERE status = 'pending' AND created_at <= $1",
              now - kPendingKept)
           .affected;
  n += tx.run("DELETE FROM alert_tokens WHERE expires_at <= $1", now).affected;
  n += tx.run("DELETE FROM alert_digests WHERE sent_at <= $1", now - kDigestRecordsKept).affected;
  return n;
}

}  // namespace cw::alerts
