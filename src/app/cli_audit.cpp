// `commonweal audit verify`: walks the audit log and checks its hash chain, so an operator (or a cron job
// alerting on exit status 1) learns when an entry was changed, removed or forged behind the program's back.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "app/cli.h"
#include "modules/audit/audit.h"
#include "modules/module.h"
#include "store/migrate.h"

namespace cw::app {
namespace {

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "commonweal audit verify: " << message << "\n";
  throw CLI::RuntimeError(1);
}

void run_verify(const std::string& db_url) {
  audit::AuditCheck check;
  try {
    auto db = store::Db::open(db_url, 2);
    // Only the audit module's own migrations: a database that was never served then verifies as an empty
    // log, and the other modules' settings (mail, say) play no part in checking it.
    store::migrate(*db, modules::module_migrations("audit", db->engine()));
    check = audit::verify_audit_chain(*db);
  } catch (const std::exception& e) {
    fail(e.what());
  }
  if (!check.ok) {
    std::cout << fmt::format("audit log broken at row {}: {}\n", check.first_bad_id.value_or(0),
                             check.reason);
    throw CLI::RuntimeError(1);
  }
  std::cout << fmt::format("audit log intact: {} rows\n", check.rows_checked);
}

}  // namespace

void add_audit_command(CLI::App& app) {
  auto* audit = app.add_subcommand("audit", "The audit log of consequential actions");
  audit->require_subcommand(1);
  auto db_url = std::make_shared<std::string>("sqlite:var/commonweal.db");
  auto* verify =
      audit->add_subcommand("verify", "Check that no audit log entry was changed, removed or forged");
  verify->add_option("--db", *db_url, "Database URL")->envname("COMMONWEAL_DB")->capture_default_str();
  verify->callback([db_url] { run_verify(*db_url); });
}

}  // namespace cw::app
