// The second factor's pages: setting it up, entering a code after signing in, and new recovery codes.
// Only for people who hold a role (the only ones who need one); everyone else is sent to their account.
#include "modules/accounts/pages.h"
#include "web/form_fields.h"

namespace cw::accounts {

namespace {

using web::Context;
using web::FormInvalid;
using web::FormView;
using web::Request;
using web::Response;

bool needs_second_factor_page(const Actor& a) {
  return a.holds_a_role() || a.second_factor_due;
}

nlohmann::json code_field(const FormView& form, const std::string& hint) {
  return form.field("code", "Code", {}, {.autocomplete = "one-time-code", .hint = hint, .width = "10"});
}

nlohmann::json next_value(const std::string& next) {
  return next.empty() ? nlohmann::json(false) : nlohmann::json(safe_next(next));
}

// The code after signing in, or (`after_sign_in` false) to confirm it is the admin before a change of roles.
Response check_page(const Context& ctx, const std::string& next, const FormView& form, int status,
                    bool after_sign_in) {
  auto heading = after_sign_in ? "Enter your code" : "Confirm it is you";
  return form_page(
      ctx, "accounts/two_factor_check", heading,
      {{"heading", heading},
       {"intro", after_sign_in
                     ? "You hold a role on this site, so it needs the code from your authenticator app "
                       "as well as your password."
                     : "Giving or removing roles and blocking accounts need a code from your "
                       "authenticator app. Once you enter it, you will not be asked again for 10 minutes."},
       {"action", after_sign_in ? "/account/two-factor" : "/account/two-factor/confirm"},
       {"after_sign_in", after_sign_in},
       {"next", next_value(next)},
       {"code", code_field(form, "The 6 digits your authenticator app shows now, or a recovery code")}},
      form, status);
}

Response second_factor_page(const Context& ctx, const std::string& next, const FormView& form,
                            int status = 200) {
  const Actor& a = *ctx.actor;
  auto svc = service(ctx);
  auto status_now = svc.second_factor_status(a);
  if (!status_now.on) {
    auto setup = svc.begin_second_factor(a);
    return form_page(ctx, "accounts/two_factor_setup", "Set up your second factor",
                     {{"qr_svg", setup.qr_svg},
                      {"secret", setup.secret_grouped},
                      {"next", next_value(next)},
                      {"code", code_field(form, "The 6 digits your app shows now, for example 123 456")}},
                     form, status);
  }
  if (a.second_factor_due) return check_page(ctx, next, form, status, true);
  return form_page(ctx, "accounts/two_factor_status", "Your second factor",
                   {{"left", status_now.recovery_left},
                    {"one", status_now.recovery_left == 1},
                    {"code", code_field(form, "The 6 digits your authenticator app shows now")}},
                   form, status);
}

Response recovery_codes_page(const Context& ctx, const std::vector<std::string>& codes,
                             const std::string& next) {
  return ctx.page(
      "accounts/two_factor_codes",
      {.title = "Save your recovery codes", .breadcrumbs = {{"Home", "/"}}, .nav_current = "/account"},
      {{"codes", codes}, {"next", safe_next(next.empty() ? "/manage" : next)}});
}

}  // namespace

void register_second_factor_routes(web::Router& router) {
  router.get("/account/two-factor", needs_session([](const Request& req, Context& ctx) {
               if (!needs_second_factor_page(*ctx.actor)) return Response::redirect("/account");
               return second_factor_page(ctx, req.query.get_or("next", ""), {});
             }));
  router.post("/account/two-factor", needs_session([](const Request& req, Context& ctx) {
                if (!needs_second_factor_page(*ctx.actor)) return Response::redirect("/account");
                auto f = req.form();
                auto next = f.get_or("next", "");
                auto code = f.get_or("code", "");
                try {
                  if (code.empty()) throw FormInvalid("code", "Enter the code from your authenticator app");
                  if (!service(ctx).second_factor_status(*ctx.actor).on)
                    return recovery_codes_page(
                        ctx, service(ctx).confirm_second_factor(*ctx.actor, code, ctx.remote_ip()), next);
                  service(ctx).check_second_factor(*ctx.actor, code, ctx.remote_ip());
                } catch (const FormInvalid& e) {
                  return second_factor_page(ctx, next, FormView(f, e.errors), e.status);
                }
                return Response::redirect(safe_next(next.empty() ? "/manage" : next));
              }));
  // Step-up before changing roles or blocking, for someone whose session has already passed the check.
  router.get("/account/two-factor/confirm", needs_session([](const Request& req, Context& ctx) {
               if (!ctx.actor->holds_a_role()) return Response::redirect("/account/two-factor");
               return check_page(ctx, req.query.get_or("next", ""), {}, 200, false);
             }));
  router.post("/account/two-factor/confirm", needs_session([](const Request& req, Context& ctx) {
                if (!ctx.actor->holds_a_role()) return Response::redirect("/account/two-factor");
                auto f = req.form();
                try {
                  auto code = f.get_or("code", "");
                  if (code.empty()) throw FormInvalid("code", "Enter the code from your authenticator app");
                  service(ctx).check_second_factor(*ctx.actor, code, ctx.remote_ip());
                } catch (const FormInvalid& e) {
                  return check_page(ctx, f.get_or("next", ""), FormView(f, e.errors), e.status, false);
                }
                return Response::redirect(safe_next(f.get_or("next", "")));
              }));
  router.post("/account/two-factor/recovery-codes", needs_session([](const Request& req, Context& ctx) {
                if (!needs_second_factor_page(*ctx.actor) || ctx.actor->second_factor_due)
                  return Response::redirect("/account/two-factor");
                auto f = req.form();
                try {
                  return recovery_codes_page(
                      ctx,
                      service(ctx).renew_recovery_codes(*ctx.actor, f.get_or("code", ""), ctx.remote_ip()),
                      "/account/two-factor");
                } catch (const FormInvalid& e) {
                  return second_factor_page(ctx, "", FormView(f, e.errors), e.status);
                }
              }));
}

}  // namespace cw::accounts
