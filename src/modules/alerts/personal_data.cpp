// What email alerts hold about a person, for "Your activity", "Download my data" and account deletion:
// the subscriptions made with their confirmed address, and the digests sent under them.
#include "modules/personal_data.h"
#include "modules/alerts/module.h"

namespace cw::alerts {

namespace {

constexpr const char* kSubscriptionsSql =
    "SELECT s.id, l.name, w.name, s.postcode, s.ward_code, s.frequency, s.status, s.created_at, "
    "s.confirmed_at, s.last_digest_at FROM alert_subscriptions s JOIN localities l ON l.id = s.locality_id "
    "LEFT JOIN wards w ON w.locality_id = s.locality_id AND w.code = s.ward_code WHERE s.email = $1 "
    "ORDER BY s.created_at DESC";

std::vector<modules::ActivityItem> activity(store::Tx& tx, const modules::Person& person, Micros) {
  std::vector<modules::ActivityItem> out;
  if (!person.email) return out;
  for (const auto& r : tx.run(kSubscriptionsSql, *person.email).rows) {
    auto place = r.is_null(2) ? "all of " + r.text(1) : r.text(2) + " ward";
    auto often = r.text(5) == "daily" ? "Daily" : "Weekly";
    out.push_back({.what = "Asked for email alerts",
                   .title = "New petitions and consultations in " + place,
                   .href = "",
                   .at = r.integer(7),
                   .status = r.text(6) == "confirmed" ? std::string(often) + " email"
                                                      : "Waiting for you to confirm your email address"});
  }
  return out;
}

nlohmann::json export_data(store::Tx& tx, const modules::Person& person, Micros) {
  if (!person.email) return {{"subscriptions", nlohmann::json::array()}};
  auto subs = modules::export_rows(tx.run(kSubscriptionsSql, *person.email),
                                   {"id", "locality", "ward", "postcode", "ward_code", "frequency", "status",
                                    "created_at", "confirmed_at", "last_digest_at"});
  for (auto& s : subs) {
    auto id = s["id"].get<std::int64_t>();
    auto topics = nlohmann::json::array();
    for (const auto& t :
         tx.run("SELECT topic FROM alert_subscription_topics WHERE subscription_id = $1 ORDER BY topic", id)
             .rows)
      topics.push_back(t.text(0));
    s["topics"] = std::move(topics);
    s["digests"] = modules::export_rows(
        tx.run(
            "SELECT window_start, window_end, items, sent_at FROM alert_digests WHERE subscription_id = $1 "
            "ORDER BY sent_at",
            id),
        {"window_start_at", "window_end_at", "items", "sent_at"});
  }
  return {{"subscriptions", std::move(subs)}};
}

// Alerts exist only for the person: they go, with their links and digests (ON DELETE CASCADE).
void forget(store::Tx& tx, const modules::Person& person, Micros) {
  if (person.email) tx.run("DELETE FROM alert_subscriptions WHERE email = $1", *person.email);
}

}  // namespace

modules::PersonalData personal_data() {
  return {.key = "alerts",
          .heading = "Email alerts",
          .order = 40,
          .activity = activity,
          .export_data = export_data,
          .forget = forget};
}

}  // namespace cw::alerts
