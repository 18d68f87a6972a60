// The alerts' commands, each in one transaction: ask for a subscription (a confirmation link is mailed),
// confirm it, unsubscribe, and the background digest that mails each due subscriber what is new in their
// area once. Thread-safe: state lives in the database.
#pragma once
#include <optional>
#include <string>

#include "common/clock.h"
#include "html/views.h"
#include "modules/alerts/rules.h"
#include "modules/alerts/store.h"
#include "store/db.h"

namespace cw::alerts {

struct Mailer {
  const html::Views& views;
  std::string base_url;  // for links in mail, without a trailing slash
};

// Checks the form, resolves its postcode or ward to a place, stores a pending subscription and mails a
// confirmation link. Throws web::FormInvalid with what to fix. Whether the address already has a
// subscription is never shown: every valid request gets the same answer and the same mail.
void request_subscription(store::Db& db, const Mailer& mailer, SubscribeForm form, Micros now);

// What a confirmation or unsubscribe link leads to, when it is still live.
struct LinkTarget {
  Subscription subscription;
  std::string area;  // "Sutton Central ward", "SM1 1EA (Sutton Central ward)", "Sutton"
};
std::optional<LinkTarget> confirmation_target(store::Db& db, const std::string& token, Micros now);
std::optional<LinkTarget> unsubscribe_target(store::Db& db, const std::string& token, Micros now);

// Single use: true when the link was live and the subscription is now confirmed.
bool confirm_subscription(store::Db& db, const std::string& token, Micros now);
// Deletes the subscription and everything kept about it; false when the link is not live.
bool unsubscribe(store::Db& db, const std::string& token, Micros now);

// Mails every due subscriber a digest of new matching items, each item once; a subscriber with nothing
// new gets no mail and their window moves on. One transaction per subscriber; returns mails enqueued.
int send_due_digests(store::Db& db, const Mailer& mailer, Micros now);

}  // namespace cw::alerts
