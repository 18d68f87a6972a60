// What petitions hold about a person, for "Your activity", "Download my data" and account deletion:
// the signatures given with their confirmed email address (as creator, supporter or signer) and the
// petitions they started while signed in.
#include <set>

#include "common/civil_date.h"
#include "modules/personal_data.h"
#include "modules/petitions/module.h"
#include "modules/petitions/petition.h"

namespace cw::petitions {

namespace {

// CROSS JOIN keeps SQLite's loop over petitions on the outside, so each petition's signatures are found
// through the (petition_id, email_key, name_key) index; PostgreSQL plans it as an ordinary join. No
// index on email_key alone: every signature in a surge would pay for it.
constexpr const char* kSignaturesSql =
    "SELECT p.id, p.action, p.state, p.closes_at, s.role, s.state, s.name, s.email, s.postcode, s.ward_code, "
    "s.notify, s.created_at, s.confirmed_at FROM petitions p CROSS JOIN petition_signatures s "
    "WHERE s.petition_id = p.id AND s.email_key = $1 ORDER BY s.created_at DESC";
constexpr const char* kStartedSql =
    "SELECT id, action, background, details, state, creator_name, creator_email, created_at, opened_at, "
    "closes_at, closed_at FROM petitions WHERE creator_user_id = $1 ORDER BY created_at DESC";

std::optional<std::string> email_key(const modules::Person& person) {
  return person.email ? canonical_signer_email(*person.email) : std::nullopt;
}

std::string status_text(State state, std::optional<Micros> closes_at) {
  if (state == State::open && closes_at) return civil::closes_text(*closes_at);
  if (state == State::closed && closes_at) return civil::closed_text(*closes_at);
  return std::string(state_label(state));
}

modules::ActivityItem item(std::int64_t id, std::string title, std::string_view state_text,
                           std::optional<Micros> closes_at, std::string what, Micros at) {
  auto state = parse_state(state_text).value_or(State::pending);
  return {.what = std::move(what),
          .title = std::move(title),
          .href = is_public(state) ? "/petitions/" + std::to_string(id) : "",
          .at = at,
          .status = status_text(state, closes_at)};
}

std::vector<modules::ActivityItem> activity(store::Tx& tx, const modules::Person& person, Micros) {
  std::vector<modules::ActivityItem> out;
  std::set<std::int64_t> started;
  for (const auto& r : tx.run(kStartedSql, person.user_id).rows) {
    started.insert(r.integer(0));
    out.push_back(item(r.integer(0), r.text(1), r.text(4), r.opt_integer(9), "Started", r.integer(7)));
  }
  if (auto key = email_key(person))
    for (const auto& r : tx.run(kSignaturesSql, *key).rows) {
      auto role = r.text(4);
      if (role == "creator" && started.contains(r.integer(0))) continue;
      auto what = role == "creator"        ? "Started"
                  : role == "sponsor"      ? "Supported"
                  : r.text(5) == "pending" ? "Signed (not yet confirmed)"
                                           : "Signed";
      out.push_back(item(r.integer(0), r.text(1), r.text(2), r.opt_integer(3), what, r.integer(11)));
    }
  return out;
}

nlohmann::json export_data(store::Tx& tx, const modules::Person& person, Micros) {
  nlohmann::json signatures = nlohmann::json::array();
  if (auto key = email_key(person))
    signatures = modules::export_rows(
        tx.run(kSignaturesSql, *key),
        {"petition_id", "petition", "petition_state", "petition_closes_at", "role", "state", "name", "email",
         "postcode", "ward_code", "wants_news", "created_at", "confirmed_at"});
  return {{"signatures", std::move(signatures)},
          {"started",
           modules::export_rows(tx.run(kStartedSql, person.user_id),
                                {"id", "action", "background", "details", "state", "creator_name",
                                 "creator_email", "created_at", "opened_at", "closes_at", "closed_at"})}};
}

// A signature stays in the count, with its ward and decile, but loses the name, address and postcode;
// the keys become unique placeholders so the uniqueness rule still holds. A petition they started stays
// published under "Name removed".
void forget(store::Tx& tx, const modules::Person& person, Micros now) {
  if (auto key = email_key(person)) {
    tx.run(
        "DELETE FROM petition_news_tokens WHERE signature_id IN (SELECT s.id FROM petitions p CROSS JOIN "
        "petition_signatures s WHERE s.petition_id = p.id AND s.email_key = $1)",
        *key);
    tx.run(
        "UPDATE petition_signatures SET name = 'Name removed', name_key = 'forgotten-' || id, email = '', "
        "email_key = 'forgotten-' || id, postcode = '', notify = 0, network = '' WHERE id IN (SELECT s.id "
        "FROM petitions p CROSS JOIN petition_signatures s WHERE s.petition_id = p.id AND s.email_key = $1)",
        *key);
    tx.run(
        "UPDATE petitions SET creator_name = 'Name removed', creator_email = '', creator_user_id = NULL, "
        "updated_at = $2 WHERE lower(creator_email) = $1",
        *person.email, now);
  }
  tx.run(
      "UPDATE petitions SET creator_name = 'Name removed', creator_email = '', creator_user_id = NULL, "
      "updated_at = $2 WHERE creator_user_id = $1",
      person.user_id, now);
}

}  // namespace

modules::PersonalData personal_data() {
  return {.key = "petitions",
          .heading = "Petitions",
          .order = 20,
          .activity = activity,
          .export_data = export_data,
          .forget = forget};
}

}  // namespace cw::petitions
