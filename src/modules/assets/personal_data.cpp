// What the asset register holds about a person, for "Your activity", "Download my data" and account
// deletion: the additions and corrections they suggested, and the changes they made as an officer.
#include "modules/personal_data.h"
#include "modules/assets/module.h"

namespace cw::assets {

namespace {

constexpr const char* kSuggestionsSql =
    "SELECT s.id, s.asset_id, a.name, s.fields, s.note, s.status, s.decision_note, s.created_at, "
    "s.decided_at "
    "FROM asset_suggestions s LEFT JOIN assets a ON a.id = s.asset_id WHERE s.user_id = $1 "
    "ORDER BY s.created_at DESC";
constexpr const char* kChangesSql =
    "SELECT asset_id, change, summary, at FROM asset_changes WHERE user_id = $1 ORDER BY at DESC";

std::vector<modules::ActivityItem> activity(store::Tx& tx, const modules::Person& person, Micros) {
  std::vector<modules::ActivityItem> out;
  for (const auto& r : tx.run(kSuggestionsSql, person.user_id).rows) {
    bool correction = !r.is_null(1);
    auto status = r.text(5);
    out.push_back({.what = correction ? "Suggested a correction" : "Suggested a new asset",
                   .title = correction && !r.is_null(2) ? r.text(2) : "A new asset",
                   .href = correction ? "/assets/" + std::to_string(r.integer(1)) : "",
                   .at = r.integer(7),
                   .status = status == "accepted"   ? "Accepted"
                             : status == "declined" ? "Not accepted"
                                                    : "Waiting for an officer"});
  }
  return out;
}

nlohmann::json export_data(store::Tx& tx, const modules::Person& person, Micros) {
  auto suggestions = modules::export_rows(
      tx.run(kSuggestionsSql, person.user_id),
      {"id", "asset_id", "asset", "fields", "note", "status", "decision_note", "created_at", "decided_at"});
  for (auto& s : suggestions)
    s["fields"] = nlohmann::json::parse(s["fields"].get<std::string>(), nullptr, false);
  return {{"suggestions", std::move(suggestions)},
          {"changes_made", modules::export_rows(tx.run(kChangesSql, person.user_id),
                                                {"asset_id", "change", "summary", "at"})}};
}

// Suggestions and the register's history stay (they are the register's record) without the account.
void forget(store::Tx& tx, const modules::Person& person, Micros) {
  tx.run("UPDATE asset_suggestions SET user_id = NULL WHERE user_id = $1", person.user_id);
  tx.run("UPDATE asset_changes SET user_id = NULL WHERE user_id = $1", person.user_id);
}

}  // namespace

modules::PersonalData personal_data() {
  return {.key = "assets",
          .heading = "Community assets",
          .order = 45,
          .activity = activity,
          .export_data = export_data,
          .forget = forget};
}

}  // namespace cw::assets
