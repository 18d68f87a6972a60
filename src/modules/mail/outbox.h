// The outbox: how any module sends mail. A module renders a message from its views and enqueues it in
// the transaction of the action that causes it, so the mail exists if and only if the action committed;
// the mail.deliver background job sends it afterwards, with retries. The only mail header other modules
// include. Thread-safety: plain functions; enqueue_mail uses only the caller's transaction.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/clock.h"
#include "store/db.h"

namespace cw::html {
class Views;
}  // namespace cw::html

namespace cw::mail {

struct MailMessage {
  std::string to;       // one bare address: "someone@example.org"
  std::string subject;  // UTF-8; encoded for the header when sent
  std::string text;     // plain-text body (always sent)
  std::string html;     // HTML alternative; empty for plain text only
  // An https URL that unsubscribes the recipient with one POST (RFC 8058); empty when the mail is not
  // part of a list (e.g. a confirmation). Sent as List-Unsubscribe and List-Unsubscribe-Post.
  std::string list_unsubscribe;
  std::string kind;  // what caused it, e.g. "account.confirm": for operators, never shown to readers
};

// Writes `m` to the outbox as pending, due at `now`, and returns its id. Throws std::invalid_argument
// when `to` is not one address or `to`/`subject`/`list_unsubscribe` could break out of their header
// (CR, LF or other control characters), or when `kind` is empty.
// REQUIRES: a write transaction (the caller's, so the mail commits or rolls back with the action).
std::int64_t enqueue_mail(store::Tx& tx, const MailMessage& m, Micros now);
// The same as a statement to run later with others (store::GroupCommit::Command); its result holds the
// message's id. Validates `m` now.
store::Statement enqueue_mail_statement(const MailMessage& m, Micros now);
// Takes back a message enqueued in this transaction whose cause did not happen after all.
// REQUIRES: the transaction that enqueued it.
void withdraw_mail(store::Tx& tx, std::int64_t id);

// Renders view "<view>.txt" (a plain-text view: no HTML escaping) as the text body and, when it exists,
// "<view>.html" as the HTML body, both from `data`. The subject is data["subject"] (a string, rendered
// by the caller), so one model feeds both bodies and the subject without parsing a template's output.
// Throws std::invalid_argument when data has no string "subject", std::out_of_range when "<view>.txt"
// does not exist. list_unsubscribe is left empty for the caller to set. For simple messages any module
// may use the view "mail/notice": subject, greeting, paragraphs (strings), action {label, url}, footer.
MailMessage render_mail(const html::Views& views, const std::string& view, const nlohmann::json& data,
                        std::string to, std::string kind);

}  // namespace cw::mail
