// `commonweal user add`: creates the first admin (or gives anyone a role) from the command line, since
// someone has to hold a role before anyone can grant one on the web. A new account gets a link to set
// its password, printed here and also mailed.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "app/cli.h"
#include "app/modules.h"
#include "common/clock.h"
#include "html/views.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/service.h"
#include "modules/places/overview.h"
#include "store/migrate.h"
#include "web/forms.h"

namespace cw::app {
namespace {

struct UserOptions {
  std::string db = "sqlite:var/commonweal.db";
  std::string email, role, locality, name;
  std::int64_t organisation = 0;  // for organisation_admin: the number officers give its assets
  std::string base_url = kDefaultBaseUrl;
};

[[noreturn]] void fail(const std::string& message, int code = 1) {
  std::cerr << "commonweal user add: " << message << "\n";
  throw CLI::RuntimeError(code);
}

// "admin" means the highest admin role that fits: a locality admin when a locality is named, otherwise a
// platform admin.
std::string role_name(const UserOptions& o) {
  if (o.role == "admin")
    return o.locality.empty() ? accounts::role::platform_admin : accounts::role::locality_admin;
  return o.role;
}

void add_user(const UserOptions& o) {
  auto role = role_name(o);
  const auto* info = accounts::find_role(role);
  if (!info)
    fail("unknown role " + o.role +
             "; use admin or one of resident, council_officer, moderator, "
             "locality_admin, platform_admin, organisation_admin",
         2);
  // An organisation admin runs one organisation's assets in one locality, so needs both.
  bool scoped = info->per_locality || info->per_organisation;
  if (info->per_organisation && o.organisation <= 0)
    fail("--organisation N (the organisation's number, 1 or more) is needed for the role " + role, 2);
  if (!info->per_organisation && o.organisation != 0)
    fail("--organisation is only for the role " + std::string(accounts::role::organisation_admin), 2);
  if (scoped && o.locality.empty()) fail("--locality CODE is needed for the role " + role, 2);
  try {
    auto db = store::Db::open(o.db, 2);
    store::migrate(*db, all_migrations(db->engine()));
    std::optional<std::int64_t> locality;
    if (scoped) {
      auto all = store::in_read(*db, [](store::Tx& tx) { return places::locality_refs(tx); });
      for (const auto& l : all)
        if (l.code == o.locality) locality = l.id;
      if (!locality)
        fail("there is no locality with the code " + o.locality + " (load one with `commonweal demo`)");
    }
    html::Views views;
    SystemClock clock;
    accounts::AccountService service(*db, views, clock, trimmed_base_url(o.base_url));
    std::optional<std::int64_t> organisation;
    if (info->per_organisation) organisation = o.organisation;
    auto link = service.add_user_with_role(o.email, o.name, {role, locality, organisation});
    std::cout << fmt::format("{} is now {}{}{}.\n", o.email, info->label,
                             organisation ? fmt::format(" of organisation {}", *organisation) : std::string(),
                             locality ? " in " + o.locality : std::string());
    if (link)
      std::cout << "Set your password with this link (valid for 7 days, also mailed): " << *link << "\n";
  } catch (const web::FormInvalid& e) {
    fail(e.what(), 2);
  } catch (const CLI::RuntimeError&) {
    throw;
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

void reset_second_factor(const UserOptions& o) {
  try {
    auto db = store::Db::open(o.db, 2);
    store::migrate(*db, all_migrations(db->engine()));
    html::Views views;
    SystemClock clock;
    accounts::AccountService service(*db, views, clock, "");
    if (!service.reset_second_factor(o.email))
      fail("there is no account with the email address " + o.email, 2);
    std::cout << "The second factor of " << o.email
              << " is removed and their sessions are ended. They set it up again when they next sign in.\n";
  } catch (const CLI::RuntimeError&) {
    throw;
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

}  // namespace

void add_user_command(CLI::App& app) {
  auto* user = app.add_subcommand("user", "People and their roles");
  user->require_subcommand(1);
  auto o = std::make_shared<UserOptions>();
  auto* add = user->add_subcommand("add", "Create an account (or find one) and give it a role");
  add->add_option("--email", o->email, "Their email address")->required();
  add->add_option("--role", o->role,
                  "admin, resident, council_officer, moderator, locality_admin, platform_admin or "
                  "organisation_admin")
      ->required();
  add->add_option("--locality", o->locality,
                  "The locality's code, e.g. E09000029, for roles held in one place");
  add->add_option("--organisation", o->organisation,
                  "For organisation_admin: the organisation's number, as officers set it on its assets");
  add->add_option("--name", o->name, "Their name, for a new account");
  add->add_option("--db", o->db, "Database URL")->envname("COMMONWEAL_DB")->capture_default_str();
  add_base_url_option(add, o->base_url, "for the link it prints and mails");
  add->callback([o] { add_user(*o); });

  auto reset = std::make_shared<UserOptions>();
  auto* rs = user->add_subcommand("reset-second-factor",
                                  "Remove someone's second factor when they have lost their phone and "
                                  "recovery codes; they set it up again at their next sign-in");
  rs->add_option("--email", reset->email, "Their email address")->required();
  rs->add_option("--db", reset->db, "Database URL")->envname("COMMONWEAL_DB")->capture_default_str();
  rs->callback([reset] { reset_second_factor(*reset); });
}

}  // namespace cw::app
