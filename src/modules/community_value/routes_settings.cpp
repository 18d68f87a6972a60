// The locality admin's page of Right to Bid periods: each statutory period as a number and a unit, and
// the mailbox officers' reminders go to. Periods are data because the law changes.
#include <nlohmann/json.hpp>

#include "modules/accounts/people.h"
#include "modules/accounts/permissions.h"
#include "modules/community_value/pages.h"
#include "web/form_fields.h"
#include "web/router.h"

namespace cw::community_value {

namespace {

using web::Context;
using web::FormInvalid;
using web::FormView;
using web::HttpError;
using web::Params;
using web::Request;
using web::Response;

// The localities the actor administers, and the one chosen (by ?locality= or the form), or the first.
std::pair<std::vector<places::LocalityRef>, std::int64_t> administered(Context& ctx,
                                                                       const std::string& chosen) {
  auto all = store::in_read(ctx.db, [](store::Tx& tx) { return places::locality_refs(tx); });
  std::vector<places::LocalityRef> mine;
  for (auto& l : all)
    if (accounts::can(ctx.actor, accounts::Action::configure_locality, {.locality_id = l.id}))
      mine.push_back(std::move(l));
  if (mine.empty())
    throw HttpError(403, "forbidden", "Only a locality admin can change the right to bid periods.");
  for (const auto& l : mine)
    if (std::to_string(l.id) == chosen) return {mine, l.id};
  return {mine, mine.front().id};
}

Response settings_page(const Request& req, Context& ctx, const FormView& form, const Params& typed,
                       int status = 200) {
  if (!ctx.actor) return sign_in_redirect(req);
  auto [mine, locality] = administered(ctx, typed.get_or("locality", req.query.get_or("locality", "")));
  auto [periods, mailbox] = store::in_read(ctx.db, [&](store::Tx& tx) {
    return std::make_pair(load_periods(tx, locality), officer_email(tx, locality));
  });
  nlohmann::json rows = nlohmann::json::array(), localities = nlohmann::json::array();
  for (const auto& info : period_infos()) {
    Period p = periods.*(info.member);
    std::string name = info.name, unit = typed.get_or(name + "-unit", unit_name(p.unit));
    nlohmann::json units = nlohmann::json::array();
    for (auto u : {Unit::days, Unit::weeks, Unit::months, Unit::years})
      units.push_back({{"value", unit_name(u)}, {"selected", unit == unit_name(u)}});
    rows.push_back({{"name", name},
                    {"label", info.label},
                    {"amount", typed.get_or(name + "-amount", std::to_string(p.amount))},
                    {"units", units},
                    {"error", web::or_false(form.error_for(name + "-amount"))}});
  }
  for (const auto& l : mine)
    localities.push_back({{"value", l.id}, {"label", l.name}, {"selected", l.id == locality}});
  nlohmann::json data{
      {"errors", form.summary()},
      {"banner", req.query.get("done") ? web::success_banner("Periods saved") : nlohmann::json(false)},
      {"locality", locality},
      {"choose_locality", mine.size() > 1},
      {"localities", localities},
      {"periods", rows},
      {"officer_email", form.field("officer_email", "Officers' mailbox for reminders", mailbox,
                                   {.type = "email", .hint = "Reminders of decisions due go here"})}};
  return web::form_page(ctx, "community_value/settings", "Right to bid periods",
                        {"Assets of community value", "/assets/community-value"}, std::move(data), form,
                        status, "/assets");
}

Response settings_post(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in_redirect(req);
  auto f = req.form();
  auto [mine, locality] = administered(ctx, f.get_or("locality", ""));
  try {
    std::vector<std::pair<std::string, Period>> periods;
    std::vector<web::FieldError> problems;
    for (const auto& info : period_infos()) {
      std::string name = info.name;
      auto amount = std::atoi(f.get_or(name + "-amount", "").c_str());
      auto unit = unit_from(f.get_or(name + "-unit", ""));
      if (amount < 1 || amount > 1000 || !unit)
        problems.push_back(
            {name + "-amount", std::string("Enter a whole number from 1 to 1000 for: ") + info.label});
      else
        periods.emplace_back(name, Period{amount, *unit});
    }
    if (!problems.empty()) throw FormInvalid(problems);
    store::in_write(ctx.db, [&](store::Tx& tx) {
      save_settings(tx, command_for(ctx), locality, periods, f.get_or("officer_email", ""));
    });
  } catch (const FormInvalid& e) {
    if (e.status == 403) throw HttpError(403, "forbidden", e.what());
    return settings_page(req, ctx, FormView(f, e.errors), f, e.status);
  }
  return Response::redirect("/assets/community-value/settings?done=1&locality=" + std::to_string(locality));
}

}  // namespace

void register_settings_routes(web::Router& router) {
  router.get("/assets/community-value/settings",
             [](const Request& req, Context& ctx) { return settings_page(req, ctx, {}, Params{}); });
  router.post("/assets/community-value/settings", settings_post);
}

}  // namespace cw::community_value
