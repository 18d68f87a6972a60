// Helpers shared by the accounts module's handlers (routes_*.cpp): the service for a request, the
// session cookie, where to go after signing in, and pages that need a signed-in person.
#pragma once
#include <string>

#include "modules/accounts/service.h"
#include "modules/command.h"
#include "web/context.h"
#include "web/forms.h"
#include "web/router.h"

namespace cw::accounts {

AccountService service(const web::Context& ctx);

// Set-Cookie for a new session, or one that deletes the cookie (empty value).
std::string session_cookie(const web::Context& ctx, const std::string& value);

// `next` when it is a path on this site ("/petitions/4"), else "/account": never another site.
std::string safe_next(const std::string& next);

using modules::sign_in_redirect;

// A form page: `view` rendered with `data` plus the error summary of `form`.
web::Response form_page(const web::Context& ctx, const std::string& view, const std::string& title,
                        nlohmann::json data, const web::FormView& form, int status = 200);

// A signed-in page's handler: redirects to sign in when there is no session.
template <typename F>
web::Handler needs_session(F f) {
  return [f](const web::Request& req, web::Context& ctx) {
    return ctx.actor ? f(req, ctx) : sign_in_redirect(req);
  };
}

void register_anonymous_routes(web::Router& router);      // routes_access.cpp
void register_second_factor_routes(web::Router& router);  // routes_second_factor.cpp
void register_account_routes(web::Router& router);        // routes_account.cpp
void register_admin_routes(web::Router& router);          // routes_admin.cpp

}  // namespace cw::accounts
