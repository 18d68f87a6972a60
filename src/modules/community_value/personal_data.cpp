// What the Right to Bid holds about a person, for "Your activity", "Download my data" and account
// deletion: the nominations and requests to bid they sent for a group, and the cases they follow.
#include "modules/personal_data.h"
#include "modules/community_value/module.h"

namespace cw::community_value {

namespace {

constexpr const char* kNominatedSql =
    "SELECT id, asset_name, status, body_name, received_on, decided_on, created_at FROM "
    "community_value_cases "
    "WHERE nominated_by = $1 ORDER BY created_at DESC";
constexpr const char* kAskedSql =
    "SELECT c.id, c.asset_name, b.group_name, b.received_on, b.created_at FROM community_value_bidders b "
    "JOIN community_value_notices n ON n.id = b.notice_id JOIN community_value_cases c ON c.id = n.case_id "
    "WHERE b.requested_by = $1 ORDER BY b.created_at DESC";
constexpr const char* kFollowingSql =
    "SELECT c.id, c.asset_name, c.status, f.created_at FROM community_value_followers f "
    "JOIN community_value_cases c ON c.id = f.case_id WHERE f.user_id = $1 ORDER BY f.created_at DESC";

std::string status_text(const std::string& status) {
  if (status == "listed") return "Listed";
  if (status == "not_listed") return "Not listed";
  if (status == "removed") return "Listing removed";
  return "Awaiting decision";
}

std::vector<modules::ActivityItem> activity(store::Tx& tx, const modules::Person& person, Micros) {
  std::vector<modules::ActivityItem> out;
  auto href = [](const store::Row& r) { return "/assets/community-value/" + std::to_string(r.integer(0)); };
  for (const auto& r : tx.run(kNominatedSql, person.user_id).rows)
    out.push_back({.what = "Nominated for " + r.text(3),
                   .title = r.text(1),
                   .href = href(r),
                   .at = r.integer(6),
                   .status = status_text(r.text(2))});
  for (const auto& r : tx.run(kAskedSql, person.user_id).rows)
    out.push_back({.what = "Asked to bid for " + r.text(2),
                   .title = r.text(1),
                   .href = href(r),
                   .at = r.integer(4),
                   .status = "Request sent"});
  for (const auto& r : tx.run(kFollowingSql, person.user_id).rows)
    out.push_back({.what = "Followed",
                   .title = r.text(1),
                   .href = href(r),
                   .at = r.integer(3),
                   .status = status_text(r.text(2))});
  return out;
}

nlohmann::json export_data(store::Tx& tx, const modules::Person& person, Micros) {
  return {{"nominations", modules::export_rows(tx.run(kNominatedSql, person.user_id),
                                               {"case_id", "asset_name", "status", "group", "received_on",
                                                "decided_on", "created_at"})},
          {"requests_to_bid",
           modules::export_rows(tx.run(kAskedSql, person.user_id),
                                {"case_id", "asset_name", "group", "received_on", "created_at"})},
          {"following", modules::export_rows(tx.run(kFollowingSql, person.user_id),
                                             {"case_id", "asset_name", "status", "since_at"})}};
}

// Following ends. A nomination or a request to bid is the group's, and a public record: it stays,
// without the person's account.
void forget(store::Tx& tx, const modules::Person& person, Micros) {
  tx.run("DELETE FROM community_value_followers WHERE user_id = $1", person.user_id);
  tx.run("UPDATE community_value_cases SET nominated_by = NULL WHERE nominated_by = $1", person.user_id);
  tx.run("UPDATE community_value_bidders SET requested_by = NULL WHERE requested_by = $1", person.user_id);
}

}  // namespace

modules::PersonalData personal_data() {
  return {.key = "community_value",
          .heading = "Assets of community value",
          .order = 50,
          .activity = activity,
          .export_data = export_data,
          .forget = forget};
}

}  // namespace cw::community_value
