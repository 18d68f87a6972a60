#include "modules/alerts/service.h"

#include <iostream>

#include <nlohmann/json.hpp>

#include "modules/accounts/secrets.h"
#include "modules/mail/outbox.h"
#include "modules/places/lookup.h"
#include "modules/places/overview.h"
#include "modules/places/places.h"
#include "modules/search/query.h"
#include "modules/search/topics.h"
#include "web/forms.h"

namespace cw::alerts {

namespace {

using nlohmann::json;
using web::FormInvalid;

std::string ward_name(store::Tx& tx, std::int64_t locality_id, const std::string& code) {
  for (const auto& w : places::ward_refs(tx, locality_id))
    if (w.code == code) return w.name;
  return code;
}

std::string locality_name(store::Tx& tx, std::int64_t locality_id) {
  for (const auto& l : places::locality_refs(tx))
    if (l.id == locality_id) return l.name;
  return "the area";
}

std::string area_of(store::Tx& tx, const Subscription& s) {
  if (!s.ward_code) return s.postcode.empty() ? locality_name(tx, s.locality_id) : s.postcode;
  auto ward = ward_name(tx, s.locality_id, *s.ward_code) + " ward";
  return s.postcode.empty() ? ward : s.postcode + " (" + ward + ")";
}

// Where the subscriber follows: their postcode's ward, or the ward they chose.
void place_subscription(store::Tx& tx, const SubscribeForm& f, Subscription& s) {
  if (!f.postcode.empty()) {
    auto postcode = places::normalise_postcode(f.postcode);
    if (!postcode) throw FormInvalid("postcode", "Enter a real postcode, for example SM1 1EA");
    auto place = places::find_postcode(tx, *postcode);
    if (!place)
      throw FormInvalid("postcode", *postcode + " is not in an area this site covers. Check the postcode");
    for (const auto& l : places::locality_refs(tx))
      if (l.code == place->locality_code) s.locality_id = l.id;
    s.postcode = *postcode;
    s.ward_code = place->ward_code;
    return;
  }
  for (const auto& l : places::locality_refs(tx))
    for (const auto& w : places::ward_refs(tx, l.id))
      if (w.code == f.ward) {
        s.locality_id = l.id;
        s.ward_code = w.code;
        return;
      }
  throw FormInvalid("ward", "Select a ward from the list");
}

std::string issue_token(store::Tx& tx, std::int64_t subscription_id, const std::string& purpose, Micros now,
                        Micros lifetime) {
  auto token = accounts::random_token();
  insert_token(tx, accounts::token_hash(token), subscription_id, purpose, now, now + lifetime);
  return token;
}

std::optional<LinkTarget> target_of(store::Db& db, const std::string& token, const std::string& purpose,
                                    Micros now) {
  if (token.empty() || token.size() > 100) return std::nullopt;
  return store::in_read(db, [&](store::Tx& tx) -> std::optional<LinkTarget> {
    auto id = live_token(tx, accounts::token_hash(token), purpose, now);
    if (!id) return std::nullopt;
    auto s = find_subscription(tx, *id);
    if (!s) return std::nullopt;
    auto area = area_of(tx, *s);
    return LinkTarget{std::move(*s), std::move(area)};
  });
}

json digest_item(const search::SearchDocument& d) {
  const auto* kind = search::find_search_kind(d.kind);
  return {{"kind", kind ? std::string(kind->label) : d.kind},
          {"title", d.title},
          {"summary", d.summary},
          {"status", d.status_label},
          {"url", d.url},
          {"closes", d.closes_at ? json(civil::closes_text(*d.closes_at)) : json(false)}};
}

// One subscriber's digest, in its own transaction; returns whether a mail was enqueued.
bool send_digest(store::Db& db, const Mailer& mailer, std::int64_t id, Micros now) {
  return store::in_write(db, [&](store::Tx& tx) {
    auto s = find_subscription(tx, id);
    if (!s || s->status != "confirmed" || !s->last_digest_at ||
        !digest_due(s->frequency, *s->last_digest_at, now))
      return false;
    if (!claim_window(tx, s->id, *s->last_digest_at, now)) return false;
    auto window =
        search::documents_published_between(tx, s->locality_id, alert_kinds(), s->ward_code, s->topics,
                                            *s->last_digest_at, now, kMaxItemsPerDigest * 2);
    auto items = unsent_items(std::move(window), sent_keys(tx, s->id));
    if (items.empty()) return false;
    auto unsubscribe_url = mailer.base_url + "/alerts/unsubscribe/" +
                           issue_token(tx, s->id, "unsubscribe", now, kUnsubscribeLifetime);
    json list = json::array();
    for (const auto& d : items) {
      auto item = digest_item(d);
      item["url"] = mailer.base_url + d.url;
      list.push_back(std::move(item));
    }
    auto area = area_of(tx, *s);
    json data{
        {"subject",
         (items.size() == 1 ? std::string("1 new item") : std::to_string(items.size()) + " new items") +
             " for " + area},
        {"area", area},
        {"frequency", s->frequency},
        {"items", std::move(list)},
        {"unsubscribe_url", unsubscribe_url},
        {"search_url", mailer.base_url + "/search" +
                           (s->postcode.empty() ? "" : "?postcode=" + web::percent_encode(s->postcode))}};
    auto mail = mail::render_mail(mailer.views, "alerts/mail/digest", data, s->email, "alerts.digest");
    // Mail programs only offer one-click unsubscribe over https (RFC 8058); the link in the body works
    // anyway.
    if (unsubscribe_url.starts_with("https://")) mail.list_unsubscribe = unsubscribe_url;
    auto mail_id = mail::enqueue_mail(tx, mail, now);
    insert_digest(tx, s->id, *s->last_digest_at, now, mail_id, items, now);
    return true;
  });
}

}  // namespace

void request_subscription(store::Db& db, const Mailer& mailer, SubscribeForm form, Micros now) {
  auto errors = check_subscribe_form(form);
  if (!errors.empty()) throw FormInvalid(std::move(errors));
  store::in_write(db, [&](store::Tx& tx) {
    Subscription s{
        .email = form.email, .frequency = form.frequency, .created_at = now, .topics = form.topics};
    place_subscription(tx, form, s);
    s.id = insert_subscription(tx, s);
    auto token = issue_token(tx, s.id, "confirm", now, kConfirmLifetime);
    json topics = json::array();
    for (const auto& t : s.topics) topics.push_back(std::string(*search::topic_label(t)));
    json data{{"subject", "Confirm your email alerts"},
              {"area", area_of(tx, s)},
              {"frequency", s.frequency},
              {"topics", topics},
              {"all_topics", topics.empty()},
              {"confirm_url", mailer.base_url + "/alerts/confirm/" + token}};
    auto m = mail::render_mail(mailer.views, "alerts/mail/confirm", data, s.email, "alerts.confirm");
    // Anyone can type any address here, again and again: one confirmation a day per address.
    m.once_a_day = true;
    mail::enqueue_mail(tx, m, now);
  });
}

std::optional<LinkTarget> confirmation_target(store::Db& db, const std::string& token, Micros now) {
  return target_of(db, token, "confirm", now);
}

std::optional<LinkTarget> unsubscribe_target(store::Db& db, const std::string& token, Micros now) {
  return target_of(db, token, "unsubscribe", now);
}

bool confirm_subscription(store::Db& db, const std::string& token, Micros now) {
  if (token.empty() || token.size() > 100) return false;
  return store::in_write(db, [&](store::Tx& tx) {
    auto hash = accounts::token_hash(token);
    auto id = live_token(tx, hash, "confirm", now);
    if (!id) return false;
    use_token(tx, hash, now);
    mark_confirmed(tx, *id, now);
    if (auto s = find_subscription(tx, *id)) delete_duplicates_of(tx, *s);
    return true;
  });
}

bool unsubscribe(store::Db& db, const std::string& token, Micros now) {
  if (token.empty() || token.size() > 100) return false;
  return store::in_write(db, [&](store::Tx& tx) {
    auto id = live_token(tx, accounts::token_hash(token), "unsubscribe", now);
    if (!id) return false;
    delete_subscription(tx, *id);
    return true;
  });
}

int send_due_digests(store::Db& db, const Mailer& mailer, Micros now) {
  auto due = store::in_read(db, [&](store::Tx& tx) { return due_subscriptions(tx, now, 500); });
  int sent = 0;
  for (const auto& s : due) {
    try {
      if (send_digest(db, mailer, s.id, now)) ++sent;
    } catch (const std::exception& e) {
      std::cerr << "alerts: digest for subscription " << s.id << " failed: " << e.what() << "\n";
    }
  }
  store::in_write(db, [&](store::Tx& tx) { purge_expired(tx, now); });
  return sent;
}

}  // namespace cw::alerts
