// The outbox: how any module sends mail. A module renders a message from its views and enqueues it in
// the transaction of the action that causes it, so the mail exists if and only if the action committed;
// the mail.deliver background job sends it afterwards, with retries. The only mail header other modules
// include. Thread-safety: plain functions; enqueue_mail uses only the caller's transaction.
#pragma once
#include <cstdint>
#include <optional>
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
  // Sign-in, password and account mail a person needs whatever else they asked: sent even to a
  // suppressed address, not counted in the daily cap, and without a "stop these emails" link.
  bool account_critical = false;
  // A notice anyone can set off again and again by typing the address ("you have already signed"):
  // skipped when a mail of the same kind went to the address in the last day.
  bool once_a_day = false;
};

// Mail that is not account-critical goes to one address at most this many times a rolling day, counted
// in the database so the cap holds across app servers: whoever types someone else's address into forms
// can send them no more than this. Beyond it mail is skipped (recorded, not sent).
constexpr int kDailyCapPerAddress = 20;
constexpr Micros kDay = 24LL * 3600 * 1'000'000;

// Writes `m` to the outbox as pending, due at `now`, and returns its id. The mail is recorded as
// 'skipped' instead, with its bodies dropped, when its address is suppressed (and it is not
// account-critical), the address has had kDailyCapPerAddress mails in the last day, or it is once_a_day
// and one of its kind went to the address in the last day. Throws std::invalid_argument
// when `to` is not one address or `to`/`subject`/`list_unsubscribe` could break out of their header
// (CR, LF or other control characters), or when `kind` is empty.
// REQUIRES: a write transaction (the caller's, so the mail commits or rolls back with the action).
std::int64_t enqueue_mail(store::Tx& tx, const MailMessage& m, Micros now);
// The same as a statement to run later with others (store::GroupCommit::Command); its result holds the
// message's id. Validates `m` now.
store::Statement enqueue_mail_statement(const MailMessage& m, Micros now);
// Adds `address` to the suppression list: it gets no more mail but account-critical mail. `reason` is
// "requested" (its owner followed a stop link) or "bounced" (an operator). Throws std::invalid_argument
// when it is not one address. Adding one already there keeps the first reason.
void suppress_address(store::Tx& tx, const std::string& address, const std::string& reason, Micros now);
bool is_suppressed(store::Tx& tx, const std::string& address);
// The address a "stop these emails" link's token stands for; nullopt for an unknown token.
std::optional<std::string> stop_link_address(store::Tx& tx, const std::string& token);

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
