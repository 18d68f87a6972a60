// `commonweal mail suppress`: an operator adds an address that bounces (or whose owner wrote in) to the
// suppression list, so it gets no more mail but account-critical mail.
#include <iostream>
#include <memory>

#include "app/cli.h"
#include "app/modules.h"
#include "common/clock.h"
#include "modules/mail/outbox.h"
#include "store/migrate.h"

namespace cw::app {

namespace {

struct MailOptions {
  std::string address, reason = "bounced", db = "sqlite:var/commonweal.db";
};

void suppress(const MailOptions& o) {
  try {
    if (o.reason != "bounced" && o.reason != "requested")
      throw std::invalid_argument("--reason is bounced or requested");
    auto db = store::Db::open(o.db, 2);
    store::migrate(*db, all_migrations(db->engine()));
    SystemClock clock;
    store::in_write(*db,
                    [&](store::Tx& tx) { mail::suppress_address(tx, o.address, o.reason, clock.now()); });
    std::cout << o.address << " will get no more mail but what they need to use an account.\n";
  } catch (const std::exception& e) {
    std::cerr << "commonweal mail suppress: " << e.what() << "\n";
    throw CLI::RuntimeError(1);
  }
}

}  // namespace

void add_mail_command(CLI::App& app) {
  auto* mail = app.add_subcommand("mail", "Outgoing mail");
  mail->require_subcommand(1);
  auto o = std::make_shared<MailOptions>();
  auto* s =
      mail->add_subcommand("suppress", "Send no more mail to an address (a bounce, or at its owner's word)");
  s->add_option("--address", o->address, "The email address")->required();
  s->add_option("--reason", o->reason, "bounced or requested")->capture_default_str();
  s->add_option("--db", o->db, "Database URL")->envname("COMMONWEAL_DB")->capture_default_str();
  s->callback([o] { suppress(*o); });
}

}  // namespace cw::app
