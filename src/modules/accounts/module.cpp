#include "modules/accounts/module.h"

#include "modules/accounts/authenticator.h"
#include "modules/accounts/pages.h"
#include "modules/accounts/personal_data.h"
#include "modules/accounts/store.h"

namespace cw::accounts {

namespace {

void register_routes(web::Router& router) {
  register_anonymous_routes(router);
  register_account_routes(router);
  register_second_factor_routes(router);
  register_admin_routes(router);
}

}  // namespace

modules::Module module() {
  // Ended sessions and spent links are kept 30 days (docs/privacy.md says so), then deleted.
  modules::Job purge{
      .name = "accounts.purge", .every = std::chrono::hours(1), .run = [](const modules::JobContext& job) {
        store::in_write(job.db, [&](store::Tx& tx) { purge_expired(tx, job.clock.now() - 30 * kDay); });
      }};
  return {.name = "accounts",
          .register_routes = register_routes,
          .jobs = {purge},
          .personal_data = {account_personal_data()},
          .authenticator = std::make_shared<SessionAuthenticator>()};
}

}  // namespace cw::accounts
