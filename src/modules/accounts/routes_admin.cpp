// Admin pages: giving and removing roles (with invitations by mail) and reading the audit log. What an
// admin sees and may change is limited by `can` to the localities where they hold an admin role.
#include <fmt/format.h>

#include <ctime>
#include <map>

#include "common/civil_date.h"
#include "modules/accounts/pages.h"
#include "modules/accounts/people.h"
#include "modules/accounts/permissions.h"
#include "modules/audit/audit.h"
#include "modules/places/overview.h"
#include "web/form_fields.h"

namespace cw::accounts {

namespace {

using web::Context;
using web::FormInvalid;
using web::FormView;
using web::HttpError;
using web::Request;
using web::Response;

[[noreturn]] void forbidden() {
  throw HttpError(403, "forbidden", "You do not have a role that lets you see this page.");
}

// Localities where the admin may manage roles (every one for a platform admin).
std::vector<places::LocalityRef> managed_localities(const Context& ctx, Action action) {
  return store::in_read(ctx.db, [&](store::Tx& tx) { return localities_where(tx, ctx.actor, action); });
}

bool platform_admin(const Actor* a) {
  return can(a, Action::manage_platform);
}

Response people_page(const Context& ctx, const FormView& form, nlohmann::json banner, int status = 200) {
  auto localities = managed_localities(ctx, Action::manage_roles);
  bool platform = platform_admin(ctx.actor);
  if (localities.empty() && !platform) forbidden();
  std::vector<FormView::Choice> roles;
  for (const auto& r : all_roles())
    if (platform || r.name != std::string(role::platform_admin)) roles.push_back({r.name, r.label, ""});
  std::vector<FormView::Choice> locs;
  std::map<std::int64_t, std::string> names;
  for (const auto& l : localities) {
    locs.push_back({std::to_string(l.id), l.name + " (" + l.code + ")", ""});
    names[l.id] = l.name;
  }
  nlohmann::json blocked = nlohmann::json::array();
  if (platform)
    for (const auto& b : store::in_read(ctx.db, [](store::Tx& tx) { return blocked_people(tx); }))
      blocked.push_back({{"user_id", b.user_id}, {"name", b.display_name}, {"email", b.email}});
  nlohmann::json grants = nlohmann::json::array();
  auto rows = store::in_read(ctx.db, [&](store::Tx& tx) { return list_grants(tx, std::nullopt); });
  for (const auto& g : rows) {
    std::optional<std::int64_t> loc = g.locality_id ? std::optional(g.locality_id) : std::nullopt;
    if (!platform && (!loc || !names.count(*loc))) continue;  // only what this admin manages
    auto* info = find_role(g.role);
    grants.push_back(
        {{"user_id", g.user_id},
         {"name", g.display_name},
         {"email", g.email},
         {"role", g.role},
         {"role_label", info ? info->label : g.role},
         {"locality", loc ? (names.count(*loc) ? names[*loc] : std::to_string(*loc)) : "Everywhere"},
         {"locality_id", std::to_string(g.locality_id)},
         {"organisation",
          g.organisation_id ? nlohmann::json(std::to_string(g.organisation_id)) : nlohmann::json(false)},
         {"organisation_id", std::to_string(g.organisation_id)},
         {"can_remove", can_grant(ctx.actor, g.role, loc) &&
                            !(g.user_id == ctx.actor->user_id && g.role == role::platform_admin)}});
  }
  nlohmann::json data{
      {"email", form.field("email", "Email address", {}, {.type = "email", .autocomplete = "off"})},
      {"role", form.select("role", "Role", roles)},
      {"locality", form.select("locality", "Locality", locs, "",
                               "Every role but platform admin applies in one locality")},
      {"organisation",
       form.field("organisation", "Organisation number (organisation admins only)", "",
                  {.hint = "The number the asset register shows for the organisation. Its admins keep its "
                           "assets and consultations up to date",
                   .width = "5"})},
      {"grants", grants},
      {"has_grants", !grants.empty()},
      {"blocked", blocked},
      {"has_blocked", !blocked.empty()},
      {"banner", std::move(banner)}};
  // Giving or removing a role and unblocking need a recent second factor: the grant form asks for the
  // code itself; the buttons wait until the admin has confirmed it is them.
  bool step_up = service(ctx).step_up_needed(*ctx.actor);
  data["step_up"] = step_up;
  data["code"] = step_up ? form.field("code", "Code from your authenticator app", {},
                                      {.autocomplete = "one-time-code",
                                       .hint = "To confirm it is you. The 6 digits your app shows now",
                                       .width = "10"})
                         : nlohmann::json(false);
  return form_page(ctx, "accounts/admin_people", "People and roles", std::move(data), form, status);
}

std::optional<std::int64_t> parse_id(const std::string& s) {
  try {
    std::size_t used = 0;
    auto v = std::stoll(s, &used);
    if (used == s.size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

Response audit_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in_redirect(req);
  auto localities = managed_localities(ctx, Action::read_audit_log);
  bool platform = platform_admin(ctx.actor);
  if (localities.empty() && !platform) forbidden();
  audit::AuditFilter filter;
  filter.action_prefix = req.query.get_or("action", "").substr(0, 100);
  filter.object_type = req.query.get_or("object_type", "").substr(0, 50);
  filter.object_id = req.query.get_or("object_id", "").substr(0, 100);
  filter.actor_user_id = parse_id(req.query.get_or("actor", ""));
  filter.before_id = parse_id(req.query.get_or("before", ""));
  if (!platform) filter.locality_id = localities.front().id;  // a locality admin reads their locality
  auto rows = store::in_read(ctx.db, [&](store::Tx& tx) { return audit::list_audit(tx, filter); });
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows)
    out.push_back(
        {{"when", civil::long_time(r.at, true)},
         {"who", r.actor_label},
         {"action", r.action},
         {"object", r.object_type + " " + r.object_id},
         {"change", r.before.empty() ? r.after : r.before + " → " + (r.after.empty() ? "none" : r.after)}});
  nlohmann::json next = false;
  if (static_cast<int>(rows.size()) == filter.limit)
    next = fmt::format("/admin/audit?action={}&object_type={}&object_id={}&actor={}&before={}",
                       web::percent_encode(filter.action_prefix), web::percent_encode(filter.object_type),
                       web::percent_encode(filter.object_id),
                       filter.actor_user_id ? std::to_string(*filter.actor_user_id) : "", rows.back().id);
  return ctx.page("accounts/admin_audit",
                  {.title = "Audit log",
                   .breadcrumbs = {{"Home", "/"}, {"Your account", "/account"}},
                   .nav_current = "/account"},
                  {{"rows", out},
                   {"has_rows", !out.empty()},
                   {"filter_action", filter.action_prefix},
                   {"filter_object_type", filter.object_type},
                   {"filter_object_id", filter.object_id},
                   {"filter_actor", filter.actor_user_id ? std::to_string(*filter.actor_user_id) : ""},
                   {"next_href", next}});
}

}  // namespace

void register_admin_routes(web::Router& router) {
  router.get("/admin/people", [](const Request& req, Context& ctx) {
    if (!ctx.actor) return sign_in_redirect(req);
    return people_page(ctx, {},
                       web::done_banner(req.query, {{"invited", "Invitation sent"},
                                                    {"granted", "Role given"},
                                                    {"unblocked", "Account unblocked"}}));
  });
  router.post("/admin/people", [](const Request& req, Context& ctx) {
    if (!ctx.actor) return sign_in_redirect(req);
    auto f = req.form();
    bool invited = false;
    try {
      service(ctx).step_up(*ctx.actor, f.get_or("code", ""), ctx.remote_ip());
      invited = service(ctx).grant_or_invite(
          *ctx.actor,
          {f.get_or("email", ""), f.get_or("role", ""), parse_id(f.get_or("locality", "")),
           parse_id(f.get_or("organisation", ""))},
          ctx.remote_ip());
    } catch (const FormInvalid& e) {
      return people_page(ctx, FormView(f, e.errors), false, e.status);
    }
    return Response::redirect(std::string("/admin/people?done=") + (invited ? "invited" : "granted"));
  });
  router.post("/admin/people/{id}/revoke", [](const Request& req, Context& ctx) {
    if (!ctx.actor) return sign_in_redirect(req);
    auto f = req.form();
    auto user = parse_id(req.param("id"));
    if (!user) throw HttpError(404, "not_found", "There is no such person.");
    try {
      service(ctx).step_up(*ctx.actor, f.get_or("code", ""), ctx.remote_ip());
      service(ctx).revoke(
          *ctx.actor, *user,
          {f.get_or("role", ""), parse_id(f.get_or("locality", "")), parse_id(f.get_or("organisation", ""))},
          ctx.remote_ip());
    } catch (const FormInvalid& e) {
      return people_page(ctx, FormView(f, e.errors), false, e.status);
    }
    return Response::redirect("/admin/people");
  });
  router.post("/admin/people/{id}/unblock", [](const Request& req, Context& ctx) {
    if (!ctx.actor) return sign_in_redirect(req);
    if (!platform_admin(ctx.actor)) forbidden();
    auto user = parse_id(req.param("id"));
    if (!user) throw HttpError(404, "not_found", "There is no such person.");
    auto f = req.form();
    try {
      service(ctx).step_up(*ctx.actor, f.get_or("code", ""), ctx.remote_ip());
    } catch (const FormInvalid& e) {
      return people_page(ctx, FormView(f, e.errors), false, e.status);
    }
    store::in_write(ctx.db, [&](store::Tx& tx) {
      if (!set_blocked(tx, *user, false)) throw HttpError(404, "not_found", "That account is not blocked.");
      audit::record_audit(tx,
                          {.actor_user_id = ctx.actor->user_id,
                           .actor_label = ctx.actor->email,
                           .action = "account.unblock",
                           .object_type = "user",
                           .object_id = std::to_string(*user),
                           .ip = ctx.remote_ip(),
                           .before = "blocked",
                           .after = "active"},
                          ctx.clock.now());
    });
    return Response::redirect("/admin/people?done=unblocked");
  });
  router.get("/admin/audit", audit_page);
}

}  // namespace cw::accounts
