// Moderation pages: the report form any reader can use (no account needed, rate limited per network),
// and the queue where moderators decide. Decisions are POSTed one piece of content at a time.
#include <memory>

#include "modules/accounts/people.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/service.h"
#include "modules/moderation/moderation.h"
#include "web/context.h"
#include "web/form_fields.h"
#include "web/forms.h"
#include "web/rate_limiter.h"
#include "web/router.h"

namespace cw::moderation {

namespace {

using web::Context;
using web::FormInvalid;
using web::HttpError;
using web::or_false;
using web::Request;
using web::Response;

Response report_form(const Request& req, Context& ctx, const web::FormView& form, const web::Params& typed,
                     int status = 200) {
  const auto& kind = req.param("kind");
  const auto& id = req.param("id");
  auto k = find_content_kind(kind);
  auto content =
      k ? store::in_read(ctx.db, [&](store::Tx& tx) { return k->describe(tx, id); }) : std::nullopt;
  // Hidden content (a petition rejected as libellous, a hidden asset) is not shown, not even its title,
  // to anyone but those who may moderate it.
  if (!content || (content->hidden && !accounts::can(ctx.actor, accounts::Action::moderate_content,
                                                     {.locality_id = content->locality_id})))
    throw HttpError(404, "not_found", "There is nothing here to report: it may have been removed.");
  nlohmann::json list = nlohmann::json::array();
  auto chosen = typed.get_or("reason", "");
  for (const auto& r : reasons())
    list.push_back({{"id", std::string("reason-") + r.code},
                    {"code", r.code},
                    {"label", r.label},
                    {"checked", chosen == r.code}});
  nlohmann::json data{{"kind_label", k->label},
                      {"content_title", content->title},
                      {"action", "/report/" + kind + "/" + id},
                      {"reasons", list},
                      {"note", typed.get_or("note", "")},
                      {"reason_error", or_false(form.error_for("reason"))},
                      {"note_error", or_false(form.error_for("note"))},
                      {"errors", form.summary()}};
  // The first radio carries the id the error summary links to.
  if (!list.empty()) data["reasons"][0]["id"] = "reason";
  return ctx.page("moderation/report",
                  {.title = "Report this to a moderator",
                   .breadcrumbs = {{"Home", "/"}},
                   .has_errors = form.has_errors()},
                  std::move(data), status);
}

accounts::AccountService step_up_service(const Context& ctx) {
  return accounts::AccountService(ctx.db, ctx.views, ctx.clock, ctx.site.base_url);
}

// Localities where the actor may moderate; `all` when they may everywhere (a platform admin).
std::vector<std::int64_t> moderated_localities(const Context& ctx, bool& all) {
  all = accounts::can(ctx.actor, accounts::Action::manage_platform);
  return store::in_read(ctx.db, [&](store::Tx& tx) {
    return accounts::locality_ids_where(tx, ctx.actor, accounts::Action::moderate_content);
  });
}

Response queue_page(const Request& req, Context& ctx, const web::FormView& form, int status = 200) {
  if (!ctx.actor) return Response::redirect("/account/sign-in?next=%2Fmoderation");
  bool all = false;
  auto localities = moderated_localities(ctx, all);
  if (localities.empty() && !all) throw HttpError(403, "forbidden", "You do not have a moderator role.");
  auto items = store::in_read(ctx.db, [&](store::Tx& tx) { return open_queue(tx, localities, all); });
  nlohmann::json reason_options = nlohmann::json::array();
  for (const auto& r : reasons()) reason_options.push_back({{"code", r.code}, {"label", r.label}});
  nlohmann::json list = nlohmann::json::array();
  nlohmann::json errors = form.summary();
  int n = 0;
  for (const auto& i : items) {
    std::string reasons_text;
    for (const auto& r : i.reasons) reasons_text += (reasons_text.empty() ? "" : "; ") + r;
    ++n;
    // The fields are numbered per item: the summary links to, and the message sits at, the one sent.
    bool sent = form.has_errors() && req.param("kind") == i.kind && req.param("id") == i.id;
    nlohmann::json field_errors = nlohmann::json::object();
    for (const char* field : {"decision", "reason", "note", "code"}) {
      auto message = sent ? form.error_for(field) : std::string();
      field_errors[field] = message.empty() ? nlohmann::json(false) : nlohmann::json(message);
    }
    if (sent)
      for (auto& e : errors["items"]) e["href"] = e["href"].get<std::string>() + "-" + std::to_string(n);
    list.push_back({{"n", n},
                    {"error", field_errors},
                    {"kind", i.kind},
                    {"id", i.id},
                    {"title", i.kind_label + ": " + i.content.title},
                    {"text", i.content.text},
                    {"reports", i.reports},
                    {"reasons", reasons_text},
                    {"notes", i.notes},
                    {"state", i.content.hidden ? "Hidden" : "Shown"},
                    {"url", i.content.url},
                    {"reason_options", reason_options}});
  }
  nlohmann::json banner = false;
  if (req.query.get("done")) banner = web::success_banner("Decision recorded");
  return ctx.page("moderation/queue",
                  {.title = "Moderation",
                   .breadcrumbs = {{"Home", "/"}},
                   .has_errors = form.has_errors(),
                   .nav_current = "/account"},
                  {{"items", list},
                   {"has_items", !list.empty()},
                   {"banner", banner},
                   {"errors", errors},
                   {"step_up", step_up_service(ctx).step_up_needed(*ctx.actor)}},
                  status);
}

}  // namespace

void register_routes(web::Router& router) {
  auto reports = std::make_shared<web::RateLimiter>("report_content", 10, 2);
  router.get("/report/{kind}/{id}",
             [](const Request& req, Context& ctx) { return report_form(req, ctx, {}, web::Params{}); });
  router.post("/report/{kind}/{id}", [reports](const Request& req, Context& ctx) {
    auto f = req.form();
    try {
      if (!reports->allow(ctx.remote_ip(), ctx.clock.now()))
        throw FormInvalid(
            "reason", "There have been too many reports from your network. Try again in a few minutes", 429);
      store::in_write(ctx.db, [&](store::Tx& tx) {
        flag_content(tx, req.param("kind"), req.param("id"), f.get_or("reason", ""), f.get_or("note", ""),
                     ctx.actor ? std::optional(ctx.actor->user_id) : std::nullopt, ctx.remote_ip(),
                     ctx.clock.now());
      });
    } catch (const FormInvalid& e) {
      if (e.status == 404) throw HttpError(404, "not_found", e.what());
      return report_form(req, ctx, web::FormView(f, e.errors), f, e.status);
    }
    return ctx.page("moderation/reported", {.title = "Thank you for your report"}, {{"back", "/"}});
  });
  router.get("/moderation", [](const Request& req, Context& ctx) { return queue_page(req, ctx, {}); });
  router.post("/moderation/{kind}/{id}", [](const Request& req, Context& ctx) {
    if (!ctx.actor) return Response::redirect("/account/sign-in?next=%2Fmoderation");
    auto f = req.form();
    auto decision = decision_from(f.get_or("decision", ""));
    try {
      if (!decision) throw FormInvalid("decision", "Choose a decision");
      // Blocking locks someone out: it needs a recent second factor, as changing roles does.
      if (*decision == Decision::block_author)
        step_up_service(ctx).step_up(*ctx.actor, f.get_or("code", ""), ctx.remote_ip());
      store::in_write(ctx.db, [&](store::Tx& tx) {
        decide(tx, *ctx.actor,
               {req.param("kind"), req.param("id"), *decision, f.get_or("reason", ""), f.get_or("note", "")},
               ctx.views, ctx.site.base_url, ctx.remote_ip(), ctx.clock.now());
      });
    } catch (const FormInvalid& e) {
      if (e.status == 403) throw HttpError(403, "forbidden", e.what());
      if (e.status == 404) throw HttpError(404, "not_found", e.what());
      return queue_page(req, ctx, web::FormView(f, e.errors), e.status);
    }
    return Response::redirect("/moderation?done=1");
  });
}

}  // namespace cw::moderation
