// Mail: the outbox other modules enqueue to (outbox.h), the mail.deliver job that sends it and the one
// page of the "stop these emails" link; no navigation: readers never browse it. Settings come from the
// environment when the module is built, so a bad SMTP URL stops start-up rather than the first mail.
#pragma once
#include <memory>
#include <string>

#include "modules/mail/transport.h"
#include "modules/module.h"

namespace cw::mail {

struct MailSettings {
  std::string dir = "var/mail";                         // COMMONWEAL_MAIL_DIR: where FileTransport writes
  std::string smtp_url;                                 // COMMONWEAL_SMTP_URL: empty means FileTransport
  std::string smtp_user;                                // COMMONWEAL_SMTP_USER
  std::string smtp_password;                            // COMMONWEAL_SMTP_PASSWORD
  std::string from = "commonweal <noreply@localhost>";  // COMMONWEAL_MAIL_FROM
  // COMMONWEAL_MAIL_RETENTION_DAYS: finished mail (its subject, kind and address; bodies go once sent)
  // is deleted after this many days by the mail.prune job.
  int retention_days = 30;
};

// Reads the COMMONWEAL_MAIL_* and COMMONWEAL_SMTP_* variables; unset or empty ones keep the defaults.
// Throws std::invalid_argument when COMMONWEAL_MAIL_RETENTION_DAYS is not a whole number from 1 to 3650.
MailSettings settings_from_environment();

// SmtpTransport when smtp_url is set, FileTransport otherwise. Throws std::invalid_argument naming the
// variable that is wrong.
std::unique_ptr<Transport> make_transport(const MailSettings& settings);

// Every 2 s, the job "mail.deliver" sends due mail with the transport the environment configures;
// every hour "mail.prune" deletes finished mail older than the retention period. Routes: the "stop
// these emails" link (routes.cpp).
modules::Module module();
void register_routes(web::Router& router);
// Its part of "Your activity", "Download my data" and account deletion (personal_data.cpp).
modules::PersonalData personal_data();

}  // namespace cw::mail
