// Getting in: register, confirm an address, sign in and out, reset a forgotten password. Mailed links
// open a page with a button rather than acting on GET, because mail scanners follow links and would
// spend single-use tokens before the person clicks.
#include <memory>

#include "modules/accounts/pages.h"
#include "modules/accounts/permissions.h"
#include "web/auth.h"
#include "web/cookies.h"
#include "web/csrf.h"
#include "web/form_fields.h"
#include "web/rate_limiter.h"

namespace cw::accounts {

namespace {

using web::Context;
using web::FieldOptions;
using web::FormInvalid;
using web::FormView;
using web::Request;
using web::Response;

struct Limits {
  // Per IP address: registering and asking for reset links send mail, so they are what a spammer would
  // use. Generous for a household or a library sharing one address.
  web::RateLimiter registrations{"register", 20, 1};
  web::RateLimiter reset_requests{"password_reset", 10, 1};
  web::RateLimiter sign_ins{"sign_in", 30, 10};
};

void limit(web::RateLimiter& limiter, const Context& ctx, const std::string& field) {
  if (!limiter.allow(ctx.remote_ip(), ctx.clock.now()))
    throw FormInvalid(
        field,
        "There have been too many requests from your network. Wait " +
            wait_in_words(static_cast<Micros>(limiter.retry_after(ctx.remote_ip(), ctx.clock.now()) * 1e6)) +
            " and try again",
        429);
}

Response register_form(const Context& ctx, const FormView& form, const std::string& invite,
                       const std::string& next, int status = 200) {
  std::string invited;
  if (!invite.empty())
    if (auto t = service(ctx).live_token(invite, "invite"))
      if (auto* r = find_role(t->role)) invited = r->label;
  nlohmann::json data{
      {"invite", invite.empty() ? nlohmann::json(false) : nlohmann::json(invite)},
      {"invited", invited.empty() ? nlohmann::json(false) : nlohmann::json(invited)},
      {"next", next.empty() ? nlohmann::json(false) : nlohmann::json(safe_next(next))},
      {"email", form.field("email", "Email address", {}, {.type = "email", .autocomplete = "email"})},
      {"display_name", form.field("display_name", "Your name", {},
                                  {.autocomplete = "name",
                                   .hint = "Shown beside what you write, such as petitions you start"})},
      {"password",
       form.field(
           "password", "Create a password", {},
           {.type = "password",
            .autocomplete = "new-password",
            .hint = "12 characters or more. A few unrelated words together are long and easy to remember"})},
      {"postcode", form.field("postcode", "Home postcode (optional)", {},
                              {.autocomplete = "postal-code",
                               .hint = "So we can show you what is happening near you",
                               .width = "10"})}};
  return form_page(ctx, "accounts/register", "Create an account", std::move(data), form, status);
}

Response check_email(const Context& ctx, const std::string& message, const std::string& lifetime) {
  return ctx.page("accounts/check_email", {.title = "Check your email", .nav_current = "/account"},
                  {{"message", message}, {"lifetime", lifetime}});
}

Response sign_in_form(const Context& ctx, const FormView& form, const std::string& next,
                      nlohmann::json banner, int status = 200) {
  nlohmann::json data{
      {"next", next.empty() ? nlohmann::json(false) : nlohmann::json(next)},
      {"banner", std::move(banner)},
      {"email", form.field("email", "Email address", {}, {.type = "email", .autocomplete = "email"})},
      {"password",
       form.field("password", "Password", {}, {.type = "password", .autocomplete = "current-password"})}};
  data["register_href"] =
      next.empty() ? std::string("/account/register") : "/account/register?next=" + web::percent_encode(next);
  return form_page(ctx, "accounts/sign_in", "Sign in", std::move(data), form, status);
}

nlohmann::json banner(const std::string& heading) {
  return web::success_banner(heading);
}

Response confirm_page(const Context& ctx, const std::string& token, const std::string& purpose,
                      const FormView& form, int status = 200, const std::string& next = "") {
  bool valid = service(ctx).live_token(token, purpose).has_value();
  bool change = purpose == "change_email";
  nlohmann::json data{
      {"valid", valid && !form.has_errors()},
      {"heading", change ? "Confirm your new email address" : "Confirm your email address"},
      {"explanation", change ? "Select the button to start using this address for your account."
                             : "Select the button to finish creating your account."},
      {"action", (change ? "/account/confirm-email/" : "/account/confirm/") + token},
      {"button", "Confirm email address"},
      {"next", next.empty() ? nlohmann::json(false) : nlohmann::json(safe_next(next))}};
  return form_page(ctx, "accounts/confirm", "Confirm your email address", std::move(data), form,
                   valid || status != 200 ? status : 410);
}

Response reset_form(const Context& ctx, const std::string& token, const FormView& form, int status = 200) {
  bool valid = service(ctx).live_token(token, "reset").has_value();
  nlohmann::json data{{"valid", valid},
                      {"action", "/account/reset/" + token},
                      {"password", form.field("password", "New password", {},
                                              {.type = "password", .autocomplete = "new-password"})}};
  return form_page(ctx, "accounts/reset", "Choose a new password", std::move(data), form,
                   valid || status != 200 ? status : 410);
}

}  // namespace

void register_anonymous_routes(web::Router& router) {
  auto limits = std::make_shared<Limits>();

  router.get("/account/register", [](const Request& req, Context& ctx) {
    return register_form(ctx, {}, req.query.get_or("invite", ""), req.query.get_or("next", ""));
  });
  router.post("/account/register",
              [limits](const Request& req, Context& ctx) {
                auto f = req.form();
                auto invite = f.get_or("invite", "");
                auto next = f.get_or("next", "");
                try {
                  limit(limits->registrations, ctx, "email");
                  service(ctx).register_person(
                      {f.get_or("email", ""), f.get_or("display_name", ""), f.get_or("password", ""),
                       f.get_or("postcode", ""), invite, next.empty() ? "" : safe_next(next)},
                      ctx.remote_ip());
                } catch (const FormInvalid& e) {
                  return register_form(ctx, FormView(f, e.errors), invite, next, e.status);
                }
                if (!invite.empty()) return Response::redirect("/account/sign-in?welcome=1");
                return Response::redirect("/account/check-email");
              },
              {.same_origin_only = true});
  router.get("/account/check-email", [](const Request&, Context& ctx) {
    return check_email(ctx, "We have sent you a link to confirm your email address", "7 days");
  });

  // Confirming the address of a new account, or a new address for an existing one (that link may be
  // opened in any browser, signed in or not).
  for (const char* purpose : {"confirm", "change_email"}) {
    std::string path =
        purpose == std::string("confirm") ? "/account/confirm/{token}" : "/account/confirm-email/{token}";
    router.get(path, [purpose](const Request& req, Context& ctx) {
      return confirm_page(ctx, req.param("token"), purpose, {}, 200, req.query.get_or("next", ""));
    });
    router.post(path, [purpose](const Request& req, Context& ctx) {
      bool change = purpose == std::string("change_email");
      try {
        if (change)
          service(ctx).confirm_email_change(req.param("token"));
        else
          service(ctx).confirm_email(req.param("token"));
      } catch (const FormInvalid& e) {
        return confirm_page(ctx, req.param("token"), purpose, FormView({}, e.errors), 410);
      }
      if (change && ctx.actor) return Response::redirect("/account?saved=1");
      auto next = req.form().get_or("next", "");
      return Response::redirect("/account/sign-in?confirmed=1" +
                                (next.empty() ? "" : "&next=" + web::percent_encode(safe_next(next))));
    });
  }

  router.get("/account/sign-in", [](const Request& req, Context& ctx) {
    nlohmann::json b = false;
    if (req.query.get("confirmed")) b = banner("Your email address is confirmed. You can now sign in");
    if (req.query.get("reset")) b = banner("Your password has been changed. Sign in with your new password");
    if (req.query.get("welcome")) b = banner("Your account is ready. Sign in to start");
    return sign_in_form(ctx, {}, req.query.get_or("next", ""), b);
  });
  router.post("/account/sign-in",
              [limits](const Request& req, Context& ctx) {
                auto f = req.form();
                NewSession session;
                try {
                  limit(limits->sign_ins, ctx, "email");
                  session = service(ctx).sign_in({f.get_or("email", ""), f.get_or("password", ""),
                                                  ctx.remote_ip(), req.header("User-Agent").value_or("")});
                } catch (const FormInvalid& e) {
                  return sign_in_form(ctx, FormView(f, e.errors), f.get_or("next", ""), false, e.status);
                }
                // A new session id at every sign-in: a session fixed by an attacker before sign-in is
                // worthless.
                // A role holder's roles wait for the second factor, asked for next.
                auto next = safe_next(f.get_or("next", ""));
                auto res = Response::redirect(session.second_factor_due
                                                  ? "/account/two-factor?next=" + web::percent_encode(next)
                                                  : next);
                res.headers.emplace("Set-Cookie", session_cookie(ctx, session.cookie_value));
                return res;
              },
              {.same_origin_only = true});
  // Checks its own token: a session that has already timed out should still be able to "sign out"
  // (clearing the cookie) rather than meet an expired-form page.
  router.post("/account/sign-out",
              [](const Request& req, Context& ctx) {
                if (ctx.actor) {
                  auto token = req.form().get_or(web::kCsrfField, "");
                  if (!web::check_session_csrf(ctx.csrf_key, ctx.actor->session_key, token))
                    throw web::HttpError(403, "csrf",
                                         "This form has expired. Go back, reload the page and try again.");
                  if (auto cookie = web::request_cookie(req, web::session_cookie_name(ctx.site.behind_tls)))
                    service(ctx).sign_out(*cookie);
                }
                auto res = Response::redirect("/");
                res.headers.emplace("Set-Cookie", session_cookie(ctx, ""));
                return res;
              },
              {.csrf = false});

  router.get("/account/forgot-password", [](const Request&, Context& ctx) {
    FormView form;
    return form_page(
        ctx, "accounts/forgot_password", "Reset your password",
        {{"email", form.field("email", "Email address", {}, {.type = "email", .autocomplete = "email"})}},
        form);
  });
  router.post("/account/forgot-password", [limits](const Request& req, Context& ctx) {
    auto f = req.form();
    try {
      limit(limits->reset_requests, ctx, "email");
      service(ctx).request_password_reset(f.get_or("email", ""), ctx.remote_ip());
    } catch (const FormInvalid& e) {
      FormView form(f, e.errors);
      return form_page(
          ctx, "accounts/forgot_password", "Reset your password",
          {{"email", form.field("email", "Email address", {}, {.type = "email", .autocomplete = "email"})}},
          form, e.status);
    }
    return check_email(
        ctx, "If there is an account with that address, we have sent it a link to reset the password",
        "1 hour");
  });

  router.get("/account/reset/{token}",
             [](const Request& req, Context& ctx) { return reset_form(ctx, req.param("token"), {}); });
  router.post("/account/reset/{token}", [](const Request& req, Context& ctx) {
    auto f = req.form();
    try {
      service(ctx).reset_password(req.param("token"), f.get_or("password", ""));
    } catch (const FormInvalid& e) {
      return reset_form(ctx, req.param("token"), FormView(f, e.errors), e.status);
    }
    return Response::redirect("/account/sign-in?reset=1");
  });
}

}  // namespace cw::accounts
