#include "modules/accounts/module.h"

#include "modules/accounts/authenticator.h"
#include "modules/accounts/pages.h"

namespace cw::accounts {

namespace {

void register_routes(web::Router& router) {
  register_anonymous_routes(router);
  register_account_routes(router);
  register_admin_routes(router);
  router.get("/privacy", [](const web::Request&, web::Context& ctx) {
    return ctx.page("accounts/privacy",
                    {.title = "How we use your information", .breadcrumbs = {{"Home", "/"}}},
                    nlohmann::json::object());
  });
}

}  // namespace

modules::Module module() {
  return {.name = "accounts",
          .register_routes = register_routes,
          .authenticator = std::make_shared<SessionAuthenticator>()};
}

}  // namespace cw::accounts
