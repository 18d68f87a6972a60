// HTTP handlers of Community Asset Transfer: the public summary of decisions, the expression of interest
// form, the case page with the forms for the steps that may come next, and JSON of decisions under
// /api/v1/transfers. Each POST is one command in one transaction, then back to the case.
#include <map>

#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "common/money.h"
#include "modules/asset_transfer/service.h"
#include "modules/assets/register.h"
#include "modules/command.h"
#include "modules/community_value/rules.h"
#include "modules/places/overview.h"
#include "web/form_fields.h"
#include "web/path_number.h"
#include "web/router.h"

namespace cw::asset_transfer {

namespace {

using modules::command_for;
using modules::sign_in_redirect;
using web::Context;
using web::FormInvalid;
using web::FormView;
using web::HttpError;
using web::Params;
using web::Request;
using web::Response;

nlohmann::json money_or_null(std::optional<std::int64_t> pence) {
  return pence ? nlohmann::json(money::format(*pence)) : nlohmann::json(false);
}

nlohmann::json transfer_json(const TransferRow& t) {
  auto date = [](std::optional<Date> d) {
    return d ? nlohmann::json(civil::long_date(*d)) : nlohmann::json(false);
  };
  const auto* type = community_value::find_body_type(t.interest.organisation_type);
  nlohmann::json j{
      {"id", t.id},
      {"href", "/assets/transfers/" + std::to_string(t.id)},
      {"asset_name", t.interest.asset_name},
      {"organisation", t.interest.organisation_name},
      {"organisation_type", type ? type->label : t.interest.organisation_type},
      {"stage", stage_name(t.facts.stage)},
      {"stage_label", standing_label(t.facts)},
      {"interest_on", date(t.facts.interest_on)},
      {"considered_on", date(t.facts.considered_on)},
      {"decided_on", date(t.facts.decided_on)},
      {"market_value", money_or_null(t.facts.market_value_pence)},
      {"price", money_or_null(t.facts.consideration_pence)},
      {"discount", false},
      {"needs_consent", t.facts.needs_consent()},
      {"consent_on", date(t.facts.consent_on)},
      {"transferred_on", date(t.facts.transferred_on)},
      {"withdrawn_on", date(t.facts.withdrawn_on)},
      {"asset_href", t.asset_id ? nlohmann::json(assets::asset_href(*t.asset_id)) : nlohmann::json(false)},
      {"reasons", t.decision_reasons}};
  if (t.facts.market_value_pence && t.facts.consideration_pence)
    j["discount"] = money::format(undervalue(*t.facts.market_value_pence, *t.facts.consideration_pence));
  return j;
}

Response list_page(const Request&, Context& ctx) {
  auto all = store::in_read(ctx.db, [](store::Tx& tx) { return list_transfers(tx, false); });
  nlohmann::json decided = nlohmann::json::array(), open = nlohmann::json::array();
  for (const auto& t : all) {
    if (is_decided(t.facts.stage))
      decided.push_back(transfer_json(t));
    else if (t.facts.stage != Stage::withdrawn && may_view(ctx.actor, t))
      open.push_back(transfer_json(t));
  }
  return ctx.page(
      "asset_transfer/list",
      {.title = "Community asset transfers", .breadcrumbs = {{"Home", "/"}}, .nav_current = "/assets"},
      {{"decided", decided}, {"has_decided", !decided.empty()}, {"open", open}, {"has_open", !open.empty()}});
}

std::vector<std::pair<std::string, std::string>> organisation_types() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& b : community_value::body_types()) out.emplace_back(b.code, b.label);
  return out;
}

Response new_page(const Request& req, Context& ctx, const FormView& form, const Params& typed,
                  int status = 200) {
  if (!ctx.actor) return sign_in_redirect(req);
  // Coming from an asset's page, the form names that asset and fills it in.
  auto asset_id = std::atoll(typed.get_or("asset_id", req.query.get_or("asset", "")).c_str());
  auto [localities, asset] = store::in_read(ctx.db, [&](store::Tx& tx) {
    return std::pair{places::locality_refs(tx),
                     asset_id > 0 ? assets::find_asset_ref(tx, asset_id) : std::optional<assets::AssetRef>()};
  });
  if (localities.empty()) throw HttpError(404, "not_found", "No area is set up yet.");
  nlohmann::json options = nlohmann::json::array();
  for (const auto& l : localities)
    options.push_back({{"value", l.id},
                       {"label", l.name},
                       {"selected", typed.get_or("locality", "") == std::to_string(l.id)}});
  nlohmann::json data{
      {"errors", form.summary()},
      {"choose_locality", localities.size() > 1},
      {"one_locality", localities.size() == 1 ? nlohmann::json(localities[0].id) : nlohmann::json(false)},
      {"localities", options},
      {"asset_id", asset ? std::to_string(asset->id) : std::string()},
      {"asset", asset ? nlohmann::json{{"name", asset->name}, {"href", assets::asset_href(asset->id)}}
                      : nlohmann::json(false)},
      {"asset_name", form.field("asset_name", "The land or building", asset ? asset->name : "")},
      {"organisation_name", form.field("organisation_name", "Your organisation's name")},
      {"organisation_type", web::radios(form, typed, "organisation_type", "What kind of organisation is it?",
                                        organisation_types())},
      {"proposal", web::textarea(form, typed, "proposal", "What you would like to take on, and why")}};
  return web::form_page(ctx, "asset_transfer/new", "Express interest in taking on an asset",
                        {"Community asset transfers", "/assets/transfers"}, std::move(data), form, status,
                        "/assets");
}

Response new_post(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in_redirect(req);
  auto f = req.form();
  Interest i{f.get_or("asset_name", ""), f.get_or("organisation_name", ""), f.get_or("organisation_type", ""),
             f.get_or("proposal", "")};
  std::int64_t id = 0;
  try {
    auto locality = std::atoll(f.get_or("locality", "0").c_str());
    auto asset = std::atoll(f.get_or("asset_id", "0").c_str());
    id = store::in_write(ctx.db, [&](store::Tx& tx) {
      if (!places::find_locality_ref(tx, locality))
        throw FormInvalid("locality", "Choose the area the asset is in");
      return express_interest(tx, command_for(ctx), locality, asset > 0 ? std::optional(asset) : std::nullopt,
                              i);
    });
  } catch (const FormInvalid& e) {
    if (e.status == 403) throw HttpError(403, "forbidden", e.what());
    return new_page(req, ctx, FormView(f, e.errors), f, e.status);
  }
  return Response::redirect("/assets/transfers/" + std::to_string(id) + "?done=1");
}

// The forms for the steps that may come next, for this actor; false for the others.
nlohmann::json step_forms(const TransferRow& t, const Actor* actor, const FormView& f, const Params& typed,
                          Date today) {
  bool officer = may_decide(actor, t.locality_id);
  bool applicant = actor && t.applicant_id == actor->user_id;
  nlohmann::json out = nlohmann::json::object();
  for (auto s : {Step::consider, Step::business_case, Step::valuation, Step::decision, Step::consent,
                 Step::heads_of_terms, Step::transfer, Step::withdraw})
    out[step_name(s)] = false;
  for (auto step : next_steps(t.facts)) {
    bool allowed = officer || ((step == Step::business_case || step == Step::withdraw) && applicant);
    if (!allowed) continue;
    nlohmann::json form;
    switch (step) {
      case Step::consider:
        form = {{"outcome", web::radios(f, typed, "consider", "Will the council consider it?",
                                        {{"agree", "Agree to consider it and ask for a business case"},
                                         {"decline", "Decline it"}})},
                {"date", web::date_input(f, typed, "considered_on", "Date of the decision", today)},
                {"reasons", web::textarea(f, typed, "consider_reasons",
                                          "Reasons, or what the business case should cover",
                                          "Needed when declining: they are published. When agreeing, this is "
                                          "sent to the applicant")}};
        break;
      case Step::business_case:
        form = {{"use", web::textarea(f, typed, "proposed_use", "How you will use it")},
                {"benefits", web::textarea(f, typed, "benefits", "The benefits to the community")},
                {"finances",
                 web::textarea(f, typed, "finances", "How you will pay for running and looking after it")}};
        break;
      case Step::valuation:
        form = {{"market", f.field("market_value", "Market value", "", {.hint = "In pounds", .width = "10"})},
                {"price", f.field("price", "Price the organisation would pay", "",
                                  {.hint = "In pounds; 0 for none", .width = "10"})},
                {"valuer", f.field("valuer", "Valuer")},
                {"date", web::date_input(f, typed, "valued_on", "Date of the valuation", today)}};
        break;
      case Step::decision:
        form = {{"outcome", web::radios(f, typed, "decision", "Decision",
                                        {{"approve", "Approve the transfer"}, {"refuse", "Refuse it"}})},
                {"date", web::date_input(f, typed, "decided_on", "Date of the decision", today)},
                {"reasons", web::textarea(f, typed, "decision_reasons", "Reasons",
                                          "Published in the summary of decisions")}};
        break;
      case Step::consent:
        form = {{"date",
                 web::date_input(f, typed, "consent_on", "Date of the Secretary of State's consent", today)}};
        break;
      case Step::heads_of_terms:
        form = {{"tenure", web::radios(f, typed, "tenure", "Tenure",
                                       {{"freehold", "Freehold"}, {"leasehold", "Leasehold"}})},
                {"lease_years",
                 f.field("lease_years", "Length of the lease in years (leasehold only)", "", {.width = "4"})},
                {"rent", f.field("rent", "Rent a year in pounds (optional)", "", {.width = "10"})},
                {"terms", web::textarea(f, typed, "terms", "The main terms agreed")},
                {"date", web::date_input(f, typed, "terms_on", "Date agreed", today)}};
        break;
      case Step::transfer:
        form = {{"date", web::date_input(f, typed, "transferred_on", "Date of the transfer", today)}};
        break;
      case Step::withdraw:
        form = {{"reason", web::textarea(f, typed, "withdraw_reason", "Why it is withdrawn (optional)")}};
        break;
    }
    out[step_name(step)] = form;
  }
  return out;
}

// What the page says after a step: `?done=<step path>`; the applicant has been emailed about each.
nlohmann::json banner_for(const Params& query) {
  static const std::map<std::string, std::string> said{
      {"1", "Expression of interest sent. The council will tell you whether it agrees to consider it."},
      {"consider", "Decision recorded and the applicant has been emailed"},
      {"business-case", "Business case sent"},
      {"valuation", "Valuation recorded and the applicant has been emailed"},
      {"decision", "Decision recorded and the applicant has been emailed"},
      {"consent", "Consent recorded"},
      {"heads-of-terms", "Heads of terms recorded and the applicant has been emailed"},
      {"transfer", "Transfer recorded and the asset register updated"},
      {"withdraw", "Case withdrawn"}};
  return web::done_banner(query, said);
}

Response case_page(const Request& req, Context& ctx, const FormView& form, const Params& typed,
                   int status = 200) {
  auto id = web::path_number(req, "id", "There is no case with that number.");
  auto t = store::in_read(ctx.db, [&](store::Tx& tx) { return find_transfer(tx, id); });
  if (!t || !may_view(ctx.actor, *t))
    throw HttpError(404, "not_found", "There is no asset transfer case with that number.");
  auto data = transfer_json(*t);
  data["errors"] = form.summary();
  data["banner"] = banner_for(req.query);
  data["proposal"] = t->interest.proposal;
  data["business_case"] = t->facts.business_case_on ? nlohmann::json{{"use", t->business_case.proposed_use},
                                                                     {"benefits", t->business_case.benefits},
                                                                     {"finances", t->business_case.finances}}
                                                    : nlohmann::json(false);
  data["terms"] = t->facts.terms_on
                      ? nlohmann::json{{"tenure", t->tenure},
                                       {"lease_years", t->lease_years ? nlohmann::json(*t->lease_years)
                                                                      : nlohmann::json(false)},
                                       {"rent", money_or_null(t->rent_pence)},
                                       {"text", t->terms}}
                      : nlohmann::json(false);
  data["forms"] = step_forms(*t, ctx.actor, form, typed, civil::date_of(ctx.clock.now()));
  data["waiting_for_council"] =
      t->facts.stage == Stage::interest && !t->facts.considered_on && !may_decide(ctx.actor, t->locality_id);
  data["action"] = "/assets/transfers/" + std::to_string(id);
  return ctx.page("asset_transfer/case",
                  {.title = t->interest.asset_name,
                   .breadcrumbs = {{"Home", "/"}, {"Community asset transfers", "/assets/transfers"}},
                   .has_errors = form.has_errors(),
                   .nav_current = "/assets"},
                  std::move(data), status);
}

std::int64_t pounds(const Params& f, const char* field, const char* what, bool optional = false) {
  auto typed = f.get_or(field, "");
  if (optional && typed.empty()) return -1;
  auto p = money::parse(typed);
  if (!p) throw FormInvalid(field, std::string("Enter ") + what + " in pounds, like 250000");
  return *p;
}

// A two-way choice on a form: true for `yes`, false for `no`.
bool choice(const Params& f, const char* field, const char* yes, const char* no, const char* missing) {
  auto v = f.get_or(field, "");
  if (v != yes && v != no) throw FormInvalid(field, missing);
  return v == yes;
}

Date date_from(const Params& f, const char* field, const char* what) {
  return web::date_from_form(f, field, what);
}

void on_step(web::Router& router, const std::string& path, modules::CaseStep step) {
  auto again = [](const Request& req, Context& ctx, std::int64_t, const FormView& form, const Params& typed,
                  int status) { return case_page(req, ctx, form, typed, status); };
  router.post("/assets/transfers/{id}/" + path,
              modules::case_step_handler(std::move(step), again, [path](std::int64_t id) {
                return "/assets/transfers/" + std::to_string(id) + "?done=" + path;
              }));
}

void register_steps(web::Router& r) {
  on_step(r, "business-case", [](auto& tx, auto& c, auto id, auto& f, auto&) {
    submit_business_case(tx, c, id,
                         {f.get_or("proposed_use", ""), f.get_or("benefits", ""), f.get_or("finances", "")});
  });
  on_step(r, "consider", [](auto& tx, auto& c, auto id, auto& f, auto& p) {
    auto d = p.take([&] {
      return choice(f, "consider", "agree", "decline", "Choose whether the council will consider it");
    });
    consider_interest(tx, c, id, d,
                      p.take([&] { return date_from(f, "considered_on", "the date of the decision"); }),
                      f.get_or("consider_reasons", ""));
  });
  on_step(r, "valuation", [](auto& tx, auto& c, auto id, auto& f, auto& p) {
    record_valuation(tx, c, id,
                     {p.take([&] { return pounds(f, "market_value", "the market value"); }),
                      p.take([&] { return pounds(f, "price", "the price"); }), f.get_or("valuer", ""),
                      p.take([&] { return date_from(f, "valued_on", "the date of the valuation"); })});
  });
  on_step(r, "decision", [](auto& tx, auto& c, auto id, auto& f, auto& p) {
    auto d = p.take([&] { return choice(f, "decision", "approve", "refuse", "Choose the decision"); });
    decide_transfer(tx, c, id, d,
                    p.take([&] { return date_from(f, "decided_on", "the date of the decision"); }),
                    f.get_or("decision_reasons", ""));
  });
  on_step(r, "consent", [](auto& tx, auto& c, auto id, auto& f, auto&) {
    record_consent(tx, c, id, date_from(f, "consent_on", "the date of the consent"));
  });
  on_step(r, "heads-of-terms", [](auto& tx, auto& c, auto id, auto& f, auto& p) {
    auto years = std::atoll(f.get_or("lease_years", "0").c_str());
    auto rent = p.take([&] { return pounds(f, "rent", "the rent", true); });
    agree_heads_of_terms(tx, c, id,
                         {f.get_or("tenure", ""), years > 0 ? std::optional(years) : std::nullopt,
                          rent >= 0 ? std::optional(rent) : std::nullopt, f.get_or("terms", ""), p.take([&] {
                            return date_from(f, "terms_on", "the date the terms were agreed");
                          })});
  });
  on_step(r, "transfer", [](auto& tx, auto& c, auto id, auto& f, auto&) {
    complete_transfer(tx, c, id, date_from(f, "transferred_on", "the date of the transfer"));
  });
  on_step(r, "withdraw", [](auto& tx, auto& c, auto id, auto& f, auto&) {
    withdraw_transfer(tx, c, id, f.get_or("withdraw_reason", ""));
  });
}

Response api_list(const Request&, Context& ctx) {
  auto all = store::in_read(ctx.db, [](store::Tx& tx) { return list_transfers(tx, true); });
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : all) {
    auto j = transfer_json(t);
    j["market_value_pence"] =
        t.facts.market_value_pence ? nlohmann::json(*t.facts.market_value_pence) : nlohmann::json(nullptr);
    j["price_pence"] =
        t.facts.consideration_pence ? nlohmann::json(*t.facts.consideration_pence) : nlohmann::json(nullptr);
    out.push_back(std::move(j));
  }
  return Response::json(json_text(nlohmann::json{{"transfers", out}}));
}

}  // namespace

void register_routes(web::Router& router) {
  router.get("/assets/transfers", list_page);
  router.get("/assets/transfers/new",
             [](const Request& req, Context& ctx) { return new_page(req, ctx, {}, Params{}); });
  router.post("/assets/transfers/new", new_post);
  router.get("/assets/transfers/{id}",
             [](const Request& req, Context& ctx) { return case_page(req, ctx, {}, Params{}); });
  register_steps(router);
  router.get("/api/v1/transfers", api_list, {.api = true, .summary = "Community asset transfer decisions"});
}

}  // namespace cw::asset_transfer
