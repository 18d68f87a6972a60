// What the audit log holds about a person, for "Download my data": what they did with a role. It is
// kept when the account is deleted (the log is append-only and hash-chained, and the council must be
// able to show who took each decision); docs/privacy.md says so.
#include "modules/personal_data.h"
#include "modules/audit/module.h"

namespace cw::audit {

namespace {

nlohmann::json export_data(store::Tx& tx, const modules::Person& person, Micros) {
  return {{"actions", modules::export_rows(
                          tx.run("SELECT action, object_type, object_id, before_summary, after_summary, at "
                                 "FROM audit_log WHERE actor_user_id = $1 ORDER BY id DESC LIMIT 10000",
                                 person.user_id),
                          {"action", "object_type", "object_id", "before", "after", "at"})}};
}

}  // namespace

modules::PersonalData personal_data() {
  return {.key = "audit", .heading = "Audit log", .order = 95, .export_data = export_data};
}

}  // namespace cw::audit
