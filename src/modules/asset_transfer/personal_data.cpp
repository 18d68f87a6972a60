// What asset transfer holds about a person, for "Your activity", "Download my data" and account
// deletion: the requests they made for an organisation.
#include "modules/personal_data.h"
#include "modules/asset_transfer/module.h"
#include "modules/asset_transfer/rules.h"

namespace cw::asset_transfer {

namespace {

constexpr const char* kRequestsSql =
    "SELECT id, asset_name, organisation_name, stage, interest_on, proposal, created_at, updated_at "
    "FROM asset_transfers WHERE applicant_id = $1 ORDER BY created_at DESC";

std::vector<modules::ActivityItem> activity(store::Tx& tx, const modules::Person& person, Micros) {
  std::vector<modules::ActivityItem> out;
  for (const auto& r : tx.run(kRequestsSql, person.user_id).rows) {
    auto stage = stage_from(r.text(3));
    out.push_back({.what = "Asked for a transfer for " + r.text(2),
                   .title = r.text(1),
                   .href = "/assets/transfers/" + std::to_string(r.integer(0)),
                   .at = r.integer(6),
                   .status = stage ? stage_label(*stage) : r.text(3)});
  }
  return out;
}

nlohmann::json export_data(store::Tx& tx, const modules::Person& person, Micros) {
  return {{"requests", modules::export_rows(tx.run(kRequestsSql, person.user_id),
                                            {"id", "asset_name", "organisation", "stage", "interest_on",
                                             "proposal", "created_at", "updated_at"})}};
}

// A request is the organisation's: it stays, without the person's account.
void forget(store::Tx& tx, const modules::Person& person, Micros) {
  tx.run("UPDATE asset_transfers SET applicant_id = NULL WHERE applicant_id = $1", person.user_id);
}

}  // namespace

modules::PersonalData personal_data() {
  return {.key = "asset_transfer",
          .heading = "Asset transfers",
          .order = 55,
          .activity = activity,
          .export_data = export_data,
          .forget = forget};
}

}  // namespace cw::asset_transfer
