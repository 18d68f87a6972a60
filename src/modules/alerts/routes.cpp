// The alerts' pages: the subscription form (no account needed), "check your email", and the confirm and
// unsubscribe links from mail, each a page with one button so that mail scanners opening a link change
// nothing. Thin handlers over service.h.
#include "modules/alerts/routes.h"

#include <nlohmann/json.hpp>

#include "modules/alerts/service.h"
#include "modules/places/overview.h"
#include "modules/search/topics.h"
#include "web/context.h"
#include "web/forms.h"
#include "web/rate_limiter.h"

namespace cw::alerts {

namespace {

using nlohmann::json;
using web::Context;
using web::FormView;
using web::Request;
using web::Response;

// Per IP address: each request sends a mail, so this is what someone would abuse to mail strangers.
// Generous enough for a household or a library sharing one address.
web::RateLimiter& subscribe_limiter() {
  static web::RateLimiter limiter{"alerts_subscribe", 10, 1};
  return limiter;
}

Mailer mailer_of(const Context& ctx) {
  return {ctx.views, ctx.site.base_url};
}

Response form_page(const Context& ctx, const FormView& form, const std::string& postcode, int status) {
  std::vector<FormView::Choice> wards{{"", "Choose a ward", ""}}, topics;
  store::in_read(ctx.db, [&](store::Tx& tx) {
    for (const auto& l : places::locality_refs(tx))
      for (const auto& w : places::ward_refs(tx, l.id)) wards.push_back({w.code, w.name, ""});
  });
  for (const auto& t : search::kTopics) topics.push_back({std::string(t.slug), std::string(t.label), ""});
  json data{
      {"errors", form.summary()},
      {"email",
       form.field("email", "Email address", "",
                  {.type = "email", .autocomplete = "email", .hint = "We only use it to send these alerts"})},
      {"postcode",
       form.field("postcode", "Postcode", postcode,
                  {.autocomplete = "postal-code", .hint = "For alerts about your ward", .width = "10"})},
      {"ward", form.select("ward", "Or choose a ward", wards)},
      {"topics", form.choices("topics", "Topics", topics, {}, true, "Choose none to hear about every topic")},
      {"frequency", form.choices("frequency", "How often", {{"daily", "Daily", ""}, {"weekly", "Weekly", ""}},
                                 {"weekly"}, false, "We only send an email when there is something new")}};
  return ctx.page(
      "alerts/subscribe",
      {.title = "Get email alerts", .breadcrumbs = {{"Home", "/"}}, .has_errors = form.has_errors()},
      std::move(data), status);
}

Response subscribe_page(const Request& req, Context& ctx) {
  auto postcode = req.query.get_or("postcode", "");
  if (postcode.size() > 20) postcode.clear();
  return form_page(ctx, FormView(), postcode, 200);
}

Response subscribe(const Request& req, Context& ctx) {
  auto submitted = req.form();
  try {
    if (!subscribe_limiter().allow(ctx.remote_ip(), ctx.clock.now()))
      throw web::FormInvalid(
          "email", "There have been too many requests from your network. Wait a minute and try again", 429);
    request_subscription(ctx.db, mailer_of(ctx), subscribe_form_from(submitted), ctx.clock.now());
  } catch (const web::FormInvalid& e) {
    return form_page(ctx, FormView(submitted, e.errors), "", e.status);
  }
  return Response::redirect("/alerts/check-email");
}

Response check_email(const Request&, Context& ctx) {
  return ctx.page("alerts/check_email", {.title = "Check your email", .breadcrumbs = {{"Home", "/"}}},
                  json::object());
}

// The page a mailed link opens: what it will do, and one button; or why it no longer works.
Response link_page(Context& ctx, const std::optional<LinkTarget>& target, const std::string& title,
                   const std::string& action, const std::string& button) {
  json data{{"heading", title}, {"valid", target.has_value()}, {"action", action}, {"button", button}};
  if (target)
    data["explanation"] = "Email alerts for " + target->area + " to " + target->subscription.email + ", " +
                          target->subscription.frequency + ".";
  return ctx.page("alerts/link", {.title = title, .breadcrumbs = {{"Home", "/"}}}, std::move(data),
                  target ? 200 : 404);
}

Response done_page(Context& ctx, const std::string& title, const std::string& message) {
  return ctx.page("alerts/done", {.title = title, .breadcrumbs = {{"Home", "/"}}},
                  json{{"heading", title}, {"message", message}});
}

Response confirm_page(const Request& req, Context& ctx) {
  const auto& token = req.param("token");
  return link_page(ctx, confirmation_target(ctx.db, token, ctx.clock.now()), "Confirm your email alerts",
                   "/alerts/confirm/" + token, "Confirm");
}

Response confirm(const Request& req, Context& ctx) {
  if (!confirm_subscription(ctx.db, req.param("token"), ctx.clock.now()))
    return link_page(ctx, std::nullopt, "Confirm your email alerts", "", "");
  return done_page(
      ctx, "Your email alerts are on",
      "We will email you when there are new petitions and consultations. Every email has a link to stop "
      "them.");
}

Response unsubscribe_page(const Request& req, Context& ctx) {
  const auto& token = req.param("token");
  return link_page(ctx, unsubscribe_target(ctx.db, token, ctx.clock.now()), "Stop email alerts",
                   "/alerts/unsubscribe/" + token, "Unsubscribe");
}

Response unsubscribe_now(const Request& req, Context& ctx) {
  if (!unsubscribe(ctx.db, req.param("token"), ctx.clock.now()))
    return link_page(ctx, std::nullopt, "Stop email alerts", "", "");
  return done_page(
      ctx, "You have unsubscribed",
      "We will not send you any more alerts, and we have deleted your address and what we sent you.");
}

}  // namespace

void register_alert_routes(web::Router& router) {
  router.get("/alerts", subscribe_page);
  router.post("/alerts", subscribe, {.max_body = 16 * 1024});
  router.get("/alerts/check-email", check_email);
  router.get("/alerts/confirm/{token}", confirm_page);
  router.post("/alerts/confirm/{token}", confirm, {.max_body = 4 * 1024});
  router.get("/alerts/unsubscribe/{token}", unsubscribe_page);
  // One-click unsubscribe (RFC 8058): mail programs POST here without a page, so no CSRF token can come
  // with it; the unguessable token in the address is what authorises it.
  router.post("/alerts/unsubscribe/{token}", unsubscribe_now, {.max_body = 4 * 1024, .csrf = false});
}

}  // namespace cw::alerts
