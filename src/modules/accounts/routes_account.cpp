// The signed-in person's own pages: their details, sessions, email address, their data and deleting
// the account. Every page here needs a session; without one it redirects to sign in and back.
#include <fmt/format.h>

#include <ctime>
#include <map>

#include "common/civil_date.h"
#include "common/json_text.h"
#include "modules/accounts/pages.h"
#include "modules/accounts/permissions.h"
#include "modules/places/overview.h"
#include "web/form_fields.h"

namespace cw::accounts {

namespace {

using web::Context;
using web::FieldOptions;
using web::FormInvalid;
using web::FormView;
using web::Request;
using web::Response;

std::string browser_name(const std::string& ua) {
  for (const char* b : {"Edg", "Firefox", "Chrome", "Safari"})
    if (ua.find(b) != std::string::npos) return std::string(b) == "Edg" ? "Edge" : b;
  return ua.empty() ? "Unknown browser" : ua.substr(0, 40);
}

nlohmann::json role_lines(const Context& ctx, const Actor& a) {
  std::map<std::int64_t, std::string> names;
  for (const auto& l : store::in_read(ctx.db, [](store::Tx& tx) { return places::locality_refs(tx); }))
    names[l.id] = l.name;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& g : a.grants) {
    auto* info = find_role(g.role);
    auto line = std::string(info ? info->label : g.role);
    if (g.locality_id)
      line += " in " + (names.count(*g.locality_id) ? names[*g.locality_id]
                                                    : fmt::format("locality {}", *g.locality_id));
    if (g.organisation_id) line += fmt::format(" (organisation {})", *g.organisation_id);
    out.push_back(line);
  }
  return out;
}

bool may_anywhere(const Actor& a, Action action) {
  for (const auto& g : a.grants)
    if (can(&a, action, {.locality_id = g.locality_id})) return true;
  return false;
}

Response overview(const Request& req, Context& ctx) {
  const Actor* a = ctx.actor;
  if (!a) return sign_in_redirect(req);
  auto user = store::in_read(ctx.db, [&](store::Tx& tx) { return find_user(tx, a->user_id); });
  nlohmann::json details = nlohmann::json::array(
      {{{"key", "Name"}, {"value", a->display_name}, {"href", "/account/profile"}, {"hidden", "name"}},
       {{"key", "Email address"},
        {"value", a->email},
        {"href", "/account/email"},
        {"hidden", "email address"}},
       {{"key", "Home postcode"},
        {"value", user && !user->postcode.empty() ? user->postcode : "Not given"},
        {"href", "/account/profile"},
        {"hidden", "home postcode"}},
       {{"key", "Password"}, {"value", "Hidden"}, {"href", "/account/password"}, {"hidden", "password"}}});
  nlohmann::json sessions = nlohmann::json::array();
  for (const auto& s : service(ctx).sessions(*a))
    sessions.push_back({{"id", s.id_hash},
                        {"browser", browser_name(s.user_agent)},
                        {"network", s.ip_prefix.empty() ? "Unknown" : s.ip_prefix},
                        {"last_used", civil::long_time(s.last_seen_at)},
                        {"current", s.id_hash == a->session_key}});
  nlohmann::json b = false;
  if (req.query.get("saved")) b = web::success_banner("Your changes have been saved");
  if (req.query.get("password"))
    b = web::success_banner("Your password has been changed. You are signed out everywhere else");
  if (req.query.get("email"))
    b = web::success_banner("Check your new email address for a link to confirm it");
  return ctx.page("accounts/account",
                  {.title = "Your account", .breadcrumbs = {{"Home", "/"}}, .nav_current = "/account"},
                  {{"details", details},
                   {"sessions", sessions},
                   {"roles", role_lines(ctx, *a)},
                   {"has_roles", !a->grants.empty()},
                   {"banner", b},
                   {"can_manage", may_anywhere(*a, Action::manage_roles)},
                   {"can_audit", may_anywhere(*a, Action::read_audit_log)},
                   {"can_moderate", may_anywhere(*a, Action::moderate_content)}});
}

nlohmann::json simple_form(const std::string& heading, const std::string& intro, const std::string& action,
                           nlohmann::json fields, const std::string& button, bool warning = false) {
  return {{"heading", heading},     {"intro", intro.empty() ? nlohmann::json(false) : nlohmann::json(intro)},
          {"action", action},       {"fields", std::move(fields)},
          {"button", button},       {"warning", warning},
          {"back_href", "/account"}};
}

Response profile_form(const Context& ctx, const FormView& form, int status = 200) {
  auto user = store::in_read(ctx.db, [&](store::Tx& tx) { return find_user(tx, ctx.actor->user_id); });
  nlohmann::json fields = nlohmann::json::array(
      {form.field("display_name", "Your name", ctx.actor->display_name, {.autocomplete = "name"}),
       form.field("postcode", "Home postcode (optional)", user ? user->postcode : "",
                  {.autocomplete = "postal-code", .width = "10"})});
  return form_page(ctx, "accounts/simple_form", "Change your details",
                   simple_form("Change your details", "", "/account/profile", fields, "Save changes"), form,
                   status);
}

Response email_form(const Context& ctx, const FormView& form, int status = 200) {
  nlohmann::json fields = nlohmann::json::array(
      {form.field("email", "New email address", {}, {.type = "email", .autocomplete = "email"}),
       form.field("password", "Your password", {},
                  {.type = "password", .autocomplete = "current-password", .hint = "To show it is you"})});
  return form_page(
      ctx, "accounts/simple_form", "Change your email address",
      simple_form("Change your email address",
                  "We will send a link to the new address. The change happens when you select it.",
                  "/account/email", fields, "Send the link"),
      form, status);
}

Response password_form(const Context& ctx, const FormView& form, int status = 200) {
  nlohmann::json fields = nlohmann::json::array(
      {form.field("current_password", "Your current password", {},
                  {.type = "password", .autocomplete = "current-password"}),
       form.field("new_password", "New password", {},
                  {.type = "password",
                   .autocomplete = "new-password",
                   .hint = "At least 12 characters. A few unrelated words are easy to remember and hard to "
                           "guess"})});
  return form_page(
      ctx, "accounts/simple_form", "Change your password",
      simple_form("Change your password", "You stay signed in here. Everywhere else you are signed out.",
                  "/account/password", fields, "Change password"),
      form, status);
}

// "Your activity": each module's section, newest first, as a list (a table would not fit a phone).
Response activity_page(const Request&, Context& ctx) {
  auto activity = service(ctx).activity(*ctx.actor);
  nlohmann::json sections = nlohmann::json::array();
  for (const auto& s : activity.sections) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : s.items)
      items.push_back({{"what", i.what},
                       {"title", i.title},
                       {"href", i.href.empty() ? nlohmann::json(false) : nlohmann::json(i.href)},
                       {"on", civil::long_date(i.at)},
                       {"status", i.status}});
    sections.push_back({{"key", s.key}, {"heading", s.heading}, {"items", std::move(items)}});
  }
  return ctx.page("accounts/activity",
                  {.title = "Your activity",
                   .breadcrumbs = {{"Home", "/"}, {"Your account", "/account"}},
                   .nav_current = "/account"},
                  {{"sections", sections},
                   {"nothing", sections.empty()},
                   {"email", activity.email ? nlohmann::json(*activity.email) : nlohmann::json(false)}});
}

Response delete_form(const Context& ctx, const FormView& form, int status = 200) {
  nlohmann::json fields = nlohmann::json::array({form.field(
      "password", "Your password", {}, {.type = "password", .autocomplete = "current-password"})});
  return form_page(
      ctx, "accounts/simple_form", "Delete your account",
      simple_form(
          "Delete your account",
          "We will delete your name, email address, postcode and password, your email alerts, the cases "
          "you follow and any draft responses, and sign you out everywhere. Petitions you signed or "
          "started and consultation answers you sent stay in the counts and results, without your name, "
          "email address or postcode. This cannot be undone.",
          "/account/delete", fields, "Delete my account", true),
      form, status);
}

using FormPage = Response (*)(const Context&, const FormView&, int);

// One of the person's own forms: GET shows it; POST applies it and goes on to `done`, or shows the form
// again with what to fix.
void own_form(web::Router& router, const std::string& path, FormPage page,
              std::function<void(const Context&, const web::Params&)> apply, const std::string& done) {
  router.get(path, needs_session([page](const Request&, Context& ctx) { return page(ctx, {}, 200); }));
  router.post(path, needs_session([page, apply, done](const Request& req, Context& ctx) {
                auto f = req.form();
                try {
                  apply(ctx, f);
                } catch (const FormInvalid& e) {
                  return page(ctx, FormView(f, e.errors), e.status);
                }
                return Response::redirect(done);
              }));
}

}  // namespace

void register_account_routes(web::Router& router) {
  router.get("/account", overview);
  own_form(
      router, "/account/profile", profile_form,
      [](const Context& ctx, const web::Params& f) {
        service(ctx).update_profile(*ctx.actor, f.get_or("display_name", ""), f.get_or("postcode", ""));
      },
      "/account?saved=1");
  own_form(
      router, "/account/email", email_form,
      [](const Context& ctx, const web::Params& f) {
        service(ctx).request_email_change(*ctx.actor, f.get_or("email", ""), f.get_or("password", ""));
      },
      "/account?email=1");
  own_form(
      router, "/account/password", password_form,
      [](const Context& ctx, const web::Params& f) {
        service(ctx).change_password(*ctx.actor, f.get_or("current_password", ""),
                                     f.get_or("new_password", ""));
      },
      "/account?password=1");
  router.post("/account/sessions/{id}/end", needs_session([](const Request& req, Context& ctx) {
                service(ctx).end_session(*ctx.actor, req.param("id"));
                return Response::redirect("/account");
              }));
  router.get("/account/activity", needs_session(activity_page));
  router.get("/account/data", needs_session([](const Request&, Context& ctx) {
               auto res = Response::json(json_text(service(ctx).export_data(*ctx.actor), 2));
               res.set("Content-Disposition", "attachment; filename=\"commonweal-my-data.json\"");
               return res;
             }));
  router.get("/account/delete",
             needs_session([](const Request&, Context& ctx) { return delete_form(ctx, {}); }));
  router.post("/account/delete", needs_session([](const Request& req, Context& ctx) {
                auto f = req.form();
                try {
                  service(ctx).delete_account(*ctx.actor, f.get_or("password", ""), ctx.remote_ip());
                } catch (const FormInvalid& e) {
                  return delete_form(ctx, FormView(f, e.errors), e.status);
                }
                Context signed_out = ctx;  // the page after deletion shows no account links
                signed_out.actor = nullptr;
                auto res = signed_out.page("accounts/done", {.title = "Your account has been deleted"},
                                           {{"heading", "Your account has been deleted"},
                                            {"message", "We have sent a last email to confirm it."},
                                            {"next_href", "/"},
                                            {"next_label", "Go to the home page"}});
                res.headers.emplace("Set-Cookie", session_cookie(ctx, ""));
                return res;
              }));
}

}  // namespace cw::accounts
