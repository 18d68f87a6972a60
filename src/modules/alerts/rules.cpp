#include "modules/alerts/rules.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "modules/accounts/rules.h"
#include "modules/search/topics.h"

namespace cw::alerts {

const std::vector<std::string>& alert_kinds() {
  static const std::vector<std::string> kinds{"petition", "consultation"};
  return kinds;
}

std::optional<Micros> digest_period(std::string_view frequency) {
  if (frequency == "daily") return kDay;
  if (frequency == "weekly") return 7 * kDay;
  return std::nullopt;
}

bool digest_due(std::string_view frequency, Micros last_digest_at, Micros now) {
  auto period = digest_period(frequency);
  return period && now - last_digest_at >= *period;
}

std::vector<search::SearchDocument> unsent_items(std::vector<search::SearchDocument> window,
                                                 const SentKeys& sent) {
  std::vector<search::SearchDocument> out;
  for (auto& d : window) {
    if (sent.count({d.kind, d.ref})) continue;
    if (static_cast<int>(out.size()) == kMaxItemsPerDigest) break;
    out.push_back(std::move(d));
  }
  return out;
}

SubscribeForm subscribe_form_from(const web::Params& form) {
  return {.email = form.get_or("email", ""),
          .postcode = form.get_or("postcode", ""),
          .ward = form.get_or("ward", ""),
          .frequency = form.get_or("frequency", ""),
          .topics = form.all("topics")};
}

std::vector<web::FieldError> check_subscribe_form(SubscribeForm& f) {
  std::vector<web::FieldError> errors;
  if (f.email.empty()) {
    errors.push_back({"email", "Enter your email address"});
  } else if (auto canonical = accounts::canonical_email(f.email)) {
    f.email = *canonical;
  } else {
    errors.push_back({"email", "Enter an email address in the correct format, like name@example.com"});
  }
  if (f.postcode.empty() && f.ward.empty())
    errors.push_back({"postcode", "Enter your postcode, or choose a ward"});
  else if (f.postcode.size() > 20)
    errors.push_back({"postcode", "Enter a real postcode, for example SM1 1EA"});
  if (f.ward.size() > 20) errors.push_back({"ward", "Select a ward from the list"});
  bool bad_topic =
      f.topics.size() > kMaxTopics ||
      std::any_of(f.topics.begin(), f.topics.end(), [](const auto& t) { return !search::topic_label(t); });
  if (bad_topic) errors.push_back({"topics", "Select topics from the list"});
  if (!digest_period(f.frequency)) errors.push_back({"frequency", "Select how often you want an email"});
  return errors;
}

}  // namespace cw::alerts
