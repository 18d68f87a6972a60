// What consultations hold about a person, for "Your activity", "Download my data" and account deletion:
// their responses and drafts, by account and by the address they gave for a copy of their answers.
#include "modules/personal_data.h"
#include "common/civil_date.h"
#include "modules/consultations/module.h"

namespace cw::consultations {

namespace {

// By account, or by the confirmed address given for a copy ($2 is '' when there is none, which no
// response's address matches: '' means "no copy asked for" and is skipped).
constexpr const char* kResponsesSql =
    "SELECT c.id, c.title, c.status, c.ends_at, r.status, r.answers, r.postcode, r.ward_code, r.email, "
    "r.wants_updates, r.created_at, r.updated_at, r.submitted_at FROM consultation_responses r "
    "JOIN consultations c ON c.id = r.consultation_id "
    "WHERE r.user_id = $1 OR (r.email <> '' AND lower(r.email) = $2) ORDER BY r.updated_at DESC";

std::string email_of(const modules::Person& person) {
  return person.email.value_or("");
}

std::vector<modules::ActivityItem> activity(store::Tx& tx, const modules::Person& person, Micros now) {
  std::vector<modules::ActivityItem> out;
  for (const auto& r : tx.run(kResponsesSql, person.user_id, email_of(person)).rows) {
    bool submitted = r.text(4) == "submitted";
    bool published = r.text(2) == "published";
    auto ends_at = r.integer(3);
    out.push_back({.what = submitted ? "Responded" : "Draft saved",
                   .title = r.text(1),
                   .href = published ? "/consultations/" + std::to_string(r.integer(0)) : "",
                   .at = submitted ? r.opt_integer(12).value_or(r.integer(11)) : r.integer(11),
                   .status = !published      ? "Withdrawn"
                             : ends_at > now ? civil::open_until_text(ends_at)
                                             : civil::closed_text(ends_at)});
  }
  return out;
}

nlohmann::json export_data(store::Tx& tx, const modules::Person& person, Micros) {
  auto rows = modules::export_rows(tx.run(kResponsesSql, person.user_id, email_of(person)),
                                   {"consultation_id", "consultation", "consultation_status",
                                    "consultation_closes_at", "status", "answers", "postcode", "ward_code",
                                    "email", "wants_updates", "created_at", "updated_at", "submitted_at"});
  for (auto& r : rows)  // the answers as the JSON they are, not a string of it
    r["answers"] = nlohmann::json::parse(r["answers"].get<std::string>(), nullptr, false);
  return {{"responses", std::move(rows)}};
}

// Drafts go. Submitted answers stay in the results, counted by ward and decile, without the account,
// the address or the postcode.
void forget(store::Tx& tx, const modules::Person& person, Micros now) {
  auto email = email_of(person);
  tx.run(
      "DELETE FROM consultation_responses WHERE status = 'draft' AND (user_id = $1 OR (email <> '' AND "
      "lower(email) = $2))",
      person.user_id, email);
  tx.run(
      "UPDATE consultation_responses SET user_id = NULL, email = '', wants_updates = 0, postcode = '', "
      "updated_at = $3 WHERE user_id = $1 OR (email <> '' AND lower(email) = $2)",
      person.user_id, email, now);
}

}  // namespace

modules::PersonalData personal_data() {
  return {.key = "consultations",
          .heading = "Consultations",
          .order = 30,
          .activity = activity,
          .export_data = export_data,
          .forget = forget};
}

}  // namespace cw::consultations
