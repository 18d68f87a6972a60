// All SQL of the mail module: the outbox table. Functions take the caller's transaction. Runs on SQLite
// and PostgreSQL; the one dialect difference (how a sender claims a message) stays inside store.cpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.h"
#include "modules/mail/outbox.h"
#include "store/db.h"

namespace cw::mail {

struct OutboxRow {
  std::int64_t id = 0;
  Micros created_at = 0;
  MailMessage message;
  std::string status;  // "pending", "sent" or "failed"
  int attempts = 0;    // failed delivery attempts so far
  Micros next_attempt_at = 0;
  std::optional<std::string> last_error;
  std::optional<Micros> sent_at;
  std::optional<std::string> skip_reason;  // "suppressed", "daily cap" or "repeat" when skipped
};

// The insert of `m` as pending, due at `now`, or as skipped (see enqueue_mail): one statement, so the
// checks run in the caller's transaction beside the insert; its result is the new row's id.
// REQUIRES: `m` validated (enqueue_mail validates, then calls this).
store::Statement outbox_insert(const MailMessage& m, Micros now);
// REQUIRES: a write transaction, and `m` validated.
std::int64_t insert_outbox(store::Tx& tx, const MailMessage& m, Micros now);
// Deletes a message that has not been sent.
void delete_unsent(store::Tx& tx, std::int64_t id);

// Takes the pending message that has been due longest at `now` and hides it from other senders until
// `hidden_until`, so it is sent once even with several app servers running the sender. On PostgreSQL
// rows another sender is claiming are skipped rather than waited for. nullopt when nothing is due.
// REQUIRES: a write transaction; commit it before sending, so the claim is short.
std::optional<OutboxRow> claim_next_due(store::Tx& tx, Micros now, Micros hidden_until);

void mark_sent(store::Tx& tx, std::int64_t id, Micros now);
// Records a failed attempt: the new attempt count and the error, then either the next try at `retry_at`
// or, without one, status 'failed'.
void mark_failed_attempt(store::Tx& tx, std::int64_t id, int attempts, const std::string& error,
                         std::optional<Micros> retry_at);

// An address as the cap and the suppression list match it: lowercased.
std::string recipient_of(const std::string& address);
void insert_suppression(store::Tx& tx, const std::string& address, const std::string& reason, Micros now);
bool suppression_exists(store::Tx& tx, const std::string& address);

// The token of `address`'s "stop these emails" link, made on first use.
std::string stop_token_for(store::Tx& tx, const std::string& address, Micros now);

// The address of a stop link's token, or nullopt.
std::optional<std::string> stop_address_of(store::Tx& tx, const std::string& token);

// Deletes finished mail (sent, failed or skipped) created before `before`; returns how many.
std::int64_t prune_finished(store::Tx& tx, Micros before);

std::optional<OutboxRow> find_outbox(store::Tx& tx, std::int64_t id);
std::int64_t count_outbox(store::Tx& tx);

}  // namespace cw::mail
