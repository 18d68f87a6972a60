// What moderation holds about a person, for "Your activity", "Download my data" and account deletion:
// the reports they made. (Decisions a moderator took are in the audit log's part.)
#include "modules/personal_data.h"
#include "modules/moderation/module.h"

namespace cw::moderation {

namespace {

constexpr const char* kReportsSql =
    "SELECT content_kind, content_id, reason, note, created_at, closed_at FROM moderation_flags "
    "WHERE reporter_user_id = $1 ORDER BY created_at DESC";

std::vector<modules::ActivityItem> activity(store::Tx& tx, const modules::Person& person, Micros) {
  std::vector<modules::ActivityItem> out;
  for (const auto& r : tx.run(kReportsSql, person.user_id).rows)
    out.push_back({.what = "Reported",
                   .title = "A " + r.text(0) + " (" + r.text(2) + ")",
                   .href = "",
                   .at = r.integer(4),
                   .status = r.is_null(5) ? "Waiting for a moderator" : "Dealt with"});
  return out;
}

nlohmann::json export_data(store::Tx& tx, const modules::Person& person, Micros) {
  return {{"reports",
           modules::export_rows(tx.run(kReportsSql, person.user_id), {"content_kind", "content_id", "reason",
                                                                      "note", "created_at", "closed_at"})}};
}

// A report stays for the moderators' record, without the account or the note, which may name them.
void forget(store::Tx& tx, const modules::Person& person, Micros) {
  tx.run("UPDATE moderation_flags SET reporter_user_id = NULL, note = '' WHERE reporter_user_id = $1",
         person.user_id);
}

}  // namespace

modules::PersonalData personal_data() {
  return {.key = "moderation",
          .heading = "Reports",
          .order = 60,
          .activity = activity,
          .export_data = export_data,
          .forget = forget};
}

}  // namespace cw::moderation
