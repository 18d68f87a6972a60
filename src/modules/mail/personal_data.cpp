// What the outbox holds about a person, for "Download my data" and account deletion: the emails sent
// to their confirmed address (subject and kind; the bodies repeat what the other parts hold).
#include "modules/personal_data.h"
#include "modules/mail/module.h"

namespace cw::mail {

namespace {

// No index on to_address: this runs only for a download or a deletion, and every mail written would
// pay for one.
nlohmann::json export_data(store::Tx& tx, const modules::Person& person, Micros) {
  if (!person.email) return {{"emails", nlohmann::json::array()}};
  return {
      {"emails", modules::export_rows(tx.run("SELECT subject, kind, status, created_at, sent_at FROM outbox "
                                             "WHERE lower(to_address) = $1 ORDER BY created_at",
                                             *person.email),
                                      {"subject", "kind", "status", "created_at", "sent_at"})}};
}

void forget(store::Tx& tx, const modules::Person& person, Micros) {
  if (person.email) tx.run("DELETE FROM outbox WHERE lower(to_address) = $1", *person.email);
}

}  // namespace

modules::PersonalData personal_data() {
  return {.key = "mail", .heading = "Emails", .order = 90, .export_data = export_data, .forget = forget};
}

}  // namespace cw::mail
