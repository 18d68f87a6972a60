// The rules of email alerts that need no database: how often a digest is due, which items count as new
// for a subscriber, what a valid subscription request is, and how long things are kept. Pure functions;
// safe from any thread.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/civil_date.h"
#include "common/clock.h"
#include "modules/search/index.h"
#include "web/forms.h"
#include "web/http.h"

namespace cw::alerts {

inline constexpr Micros kHour = 3'600'000'000, kDay = 24 * kHour;
inline constexpr Micros kConfirmLifetime = 7 * kDay;        // the emailed confirmation link
inline constexpr Micros kUnsubscribeLifetime = 365 * kDay;  // a digest's unsubscribe link
inline constexpr Micros kPendingKept = 7 * kDay;            // unconfirmed requests are deleted after this
inline constexpr Micros kDigestRecordsKept = 90 * kDay;     // what each digest carried, then deleted
inline constexpr int kMaxItemsPerDigest = 30;
inline constexpr std::size_t kMaxTopics = 12;

// What digests carry: new things people can act on.
const std::vector<std::string>& alert_kinds();

// "daily" → one day, "weekly" → seven days; nullopt for anything else.
std::optional<Micros> digest_period(std::string_view frequency);
// A confirmed subscription's digest is due once a whole period has passed since the last window ended.
bool digest_due(std::string_view frequency, Micros last_digest_at, Micros now);

// The items of a window not already mailed to this subscriber (keys: kind, ref), at most
// kMaxItemsPerDigest, in the order given. Empty means no mail is sent.
using SentKeys = std::set<std::pair<std::string, std::string>>;
std::vector<search::SearchDocument> unsent_items(std::vector<search::SearchDocument> window,
                                                 const SentKeys& sent);

// What someone typed into the subscription form.
struct SubscribeForm {
  std::string email, postcode, ward, frequency;
  std::vector<std::string> topics;
};
SubscribeForm subscribe_form_from(const web::Params& form);
// Every rule the form breaks that needs no database (the email's shape, a postcode or a ward, a known
// frequency and topics, lengths), in the order of the form's fields. The email comes back canonical.
std::vector<web::FieldError> check_subscribe_form(SubscribeForm& form);

}  // namespace cw::alerts
