// HTTP handlers of the Community Right to Bid: the two statutory lists, the nomination form, the case
// page and its officers' steps (each POST one command in one transaction, then back to the case), the
// locality's periods, and JSON under /api/v1/community-value.
#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "common/money.h"
#include "modules/assets/register.h"
#include "modules/community_value/pages.h"
#include "modules/community_value/routes.h"
#include "modules/community_value/view_models.h"
#include "modules/places/overview.h"
#include "web/form_fields.h"
#include "web/path_number.h"
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

// The sections of the list page, in order: the two statutory lists first.
struct Section {
  Standing standing;
  const char* heading;
  const char* empty;
};
const std::vector<Section>& sections() {
  static const std::vector<Section> all{
      {Standing::listed, "Listed assets of community value", "No assets are listed."},
      {Standing::not_listed, "Unsuccessful nominations", "No nominations have been turned down."},
      {Standing::awaiting_decision, "Nominations awaiting a decision", "No nominations are waiting."},
      {Standing::removed, "Listings removed after review", "No listings have been removed."},
      {Standing::listing_ended, "Listings that have ended", "No listings have ended."},
  };
  return all;
}

struct Listed {
  CaseRow row;
  Periods periods;
};

std::vector<Listed> all_cases(Context& ctx) {
  return store::in_read(ctx.db, [](store::Tx& tx) {
    std::vector<Listed> out;
    std::map<std::int64_t, Periods> periods;
    for (auto& row : list_cases(tx, std::nullopt)) {
      if (!periods.contains(row.locality_id)) periods[row.locality_id] = load_periods(tx, row.locality_id);
      out.push_back({std::move(row), periods[row.locality_id]});
    }
    return out;
  });
}

std::optional<Standing> standing_filter(const Request& req) {
  auto wanted = req.query.get_or("status", "");
  for (const auto& s : sections())
    if (wanted == standing_name(s.standing)) return s.standing;
  return std::nullopt;
}

Response list_page(const Request& req, Context& ctx) {
  auto today = date_of(ctx.clock.now());
  auto filter = standing_filter(req);
  auto cases = all_cases(ctx);
  nlohmann::json shown = nlohmann::json::array(), options = nlohmann::json::array();
  options.push_back({{"value", ""}, {"label", "Every list"}, {"selected", !filter}});
  for (const auto& s : sections()) {
    options.push_back(
        {{"value", standing_name(s.standing)}, {"label", s.heading}, {"selected", filter == s.standing}});
    if (filter && *filter != s.standing) continue;
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& c : cases)
      if (standing_on(c.row.facts, c.periods, today) == s.standing)
        rows.push_back(case_json(c.row, c.periods, today));
    shown.push_back({{"heading", s.heading},
                     {"empty", s.empty},
                     {"rows", rows},
                     {"has_rows", !rows.empty()},
                     {"decided", s.standing != Standing::awaiting_decision},
                     {"listed", s.standing == Standing::listed || s.standing == Standing::listing_ended},
                     {"with_reasons", s.standing == Standing::not_listed}});
  }
  return ctx.page(
      "community_value/list",
      {.title = "Assets of community value", .breadcrumbs = {{"Home", "/"}}, .nav_current = "/assets"},
      {{"sections", shown}, {"options", options}});
}

Response nominate_page(const Request& req, Context& ctx, const FormView& form, const Params& typed,
                       int status = 200) {
  if (!ctx.actor) return sign_in_redirect(req);
  auto asset_text = typed.get_or("asset_id", req.query.get_or("asset", ""));
  auto [localities, asset] = store::in_read(ctx.db, [&](store::Tx& tx) {
    std::optional<assets::AssetRef> a;
    if (auto id = std::atoll(asset_text.c_str()); id > 0) a = assets::find_asset_ref(tx, id);
    return std::make_pair(places::locality_refs(tx), a);
  });
  if (localities.empty())
    throw HttpError(404, "not_found", "No area is set up yet, so nothing can be nominated.");
  nlohmann::json locality_options = nlohmann::json::array();
  auto chosen = typed.get_or("locality", asset ? std::to_string(asset->locality_id) : "");
  for (const auto& l : localities)
    locality_options.push_back(
        {{"value", l.id}, {"label", l.name}, {"selected", std::to_string(l.id) == chosen}});
  std::vector<std::pair<std::string, std::string>> bodies;
  for (const auto& b : body_types()) bodies.emplace_back(b.code, b.label);
  nlohmann::json data{
      {"errors", form.summary()},
      {"asset", asset ? nlohmann::json{{"id", asset->id}, {"name", asset->name}} : nlohmann::json(false)},
      {"one_locality", localities.size() == 1 ? nlohmann::json(localities[0].id) : nlohmann::json(false)},
      {"choose_locality", localities.size() > 1},
      {"localities", locality_options},
      {"locality_error", web::or_false(form.error_for("locality"))},
      {"asset_name", form.field("asset_name", "Name of the land or building", asset ? asset->name : "")},
      {"address",
       form.textarea("address", "Where it is", typed.get_or("address", asset ? asset->address : ""),
                     "An address, or a description of the place", 4)},
      {"description", web::textarea(form, typed, "description", "Describe the land or building")},
      {"boundaries", web::textarea(form, typed, "boundaries", "The boundaries you propose",
                                   "For example: the building, its car park and the garden behind it")},
      {"owners", web::textarea(form, typed, "owners", "Who owns it and who occupies it, with their addresses",
                               "As far as you know. Write \"not known\" if you do not know")},
      {"owner_email",
       form.field("owner_email", "The owner's email address (optional)", "",
                  {.type = "email", .hint = "So the owner gets the council's notices by email too"})},
      {"reasons",
       web::textarea(form, typed, "reasons", "Why it matters to the community",
                     "How its main use furthers the social wellbeing or interests of local people, now or "
                     "in the recent past, and how it could again")},
      {"body_name", form.field("body_name", "Name of the body making the nomination")},
      {"body_type", web::radios(form, typed, "body_type", "What kind of body is it?", bodies)},
      {"local_members",
       form.field("local_members", "If an unincorporated group: members on the local electoral roll", "",
                  {.hint = "At least 21", .width = "4"})},
      {"eligibility",
       web::textarea(form, typed, "eligibility", "Evidence the body may nominate",
                     "For example a charity or company number, or your members' names and addresses")}};
  return web::form_page(ctx, "community_value/nominate", "Nominate an asset of community value",
                        {"Assets of community value", "/assets/community-value"}, std::move(data), form,
                        status, "/assets");
}

Response nominate_post(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in_redirect(req);
  auto f = req.form();
  Nomination n{f.get_or("asset_name", ""),    f.get_or("address", ""),    f.get_or("description", ""),
               f.get_or("boundaries", ""),    f.get_or("owners", ""),     f.get_or("owner_email", ""),
               f.get_or("reasons", ""),       f.get_or("body_name", ""),  f.get_or("body_type", ""),
               f.get_or("local_members", ""), f.get_or("eligibility", "")};
  std::int64_t id = 0;
  try {
    auto locality = std::atoll(f.get_or("locality", "0").c_str());
    auto asset = std::atoll(f.get_or("asset_id", "0").c_str());
    id = store::in_write(ctx.db, [&](store::Tx& tx) {
      if (!places::find_locality_ref(tx, locality))
        throw FormInvalid("locality", "Choose the area the asset is in");
      return nominate(tx, command_for(ctx), locality, asset > 0 ? std::optional(asset) : std::nullopt, n);
    });
  } catch (const FormInvalid& e) {
    if (e.status == 403) throw HttpError(403, "forbidden", e.what());
    return nominate_page(req, ctx, FormView(f, e.errors), f, e.status);
  }
  return Response::redirect("/assets/community-value/" + std::to_string(id) + "?done=nominated");
}

// One officer's step, back to the case with `?done=<done>`.
web::Handler step_handler(std::string done, modules::CaseStep step) {
  return modules::case_step_handler(std::move(step), case_page, [done = std::move(done)](std::int64_t id) {
    return "/assets/community-value/" + std::to_string(id) + "?done=" + done;
  });
}

bool outcome(const Params& f, const char* field, const char* yes, const char* no) {
  auto v = f.get_or(field, "");
  if (v != yes && v != no) throw FormInvalid(field, "Choose the decision");
  return v == yes;
}

Date date_from(const Params& f, const char* field, const char* what) {
  return web::date_from_form(f, field, what);
}

void register_steps(web::Router& router) {
  router.post("/assets/community-value/{id}/decision",
              step_handler("decision", [](auto& tx, auto& c, auto id, auto& f, auto& p) {
                bool list = p.take([&] { return outcome(f, "outcome", "list", "not_list"); });
                decide_nomination(tx, c, id, list, p.take([&] {
                  return date_from(f, "decided_on", "the date of the decision");
                }),
                                  f.get_or("decision_reasons", ""));
              }));
  router.post("/assets/community-value/{id}/review-request",
              step_handler("review-request", [](auto& tx, auto& c, auto id, auto& f, auto&) {
                request_review(tx, c, id, date_from(f, "requested_on", "the date the request was received"),
                               f.get_or("grounds", ""));
              }));
  router.post("/assets/community-value/{id}/review-decision",
              step_handler("review-decision", [](auto& tx, auto& c, auto id, auto& f, auto& p) {
                bool keep = p.take([&] { return outcome(f, "review_outcome", "keep", "remove"); });
                decide_review(tx, c, id, keep, p.take([&] {
                  return date_from(f, "review_decided_on", "the date of the decision");
                }),
                              f.get_or("review_reasons", ""));
              }));
  router.post("/assets/community-value/{id}/notice",
              step_handler("notice", [](auto& tx, auto& c, auto id, auto& f, auto&) {
                record_notice(tx, c, id, date_from(f, "notice_on", "the date the notice was received"),
                              f.get_or("notice_note", ""));
              }));
  router.post("/assets/community-value/{id}/bidder",
              step_handler("bidder", [](auto& tx, auto& c, auto id, auto& f, auto& p) {
                record_bidder(
                    tx, c, id, std::atoll(f.get_or("notice_id", "0").c_str()), f.get_or("group_name", ""),
                    p.take([&] { return date_from(f, "bid_on", "the date the request was received"); }));
              }));
  router.post("/assets/community-value/{id}/ask-to-bid",
              step_handler("asked", [](auto& tx, auto& c, auto id, auto& f, auto&) {
                ask_to_bid(tx, c, id,
                           {f.get_or("group_name", ""), f.get_or("group_type", ""),
                            f.get_or("local_connection", "") == "yes"});
              }));
  router.post("/assets/community-value/{id}/claim",
              step_handler("claim", [](auto& tx, auto& c, auto id, auto& f, auto& p) {
                auto amount = money::parse(f.get_or("claim_amount", ""));
                if (!amount) p.add("claim_amount", "Enter the amount claimed in pounds, like 12500");
                ClaimRow claim{
                    0,
                    f.get_or("claimant", ""),
                    p.take([&] { return date_from(f, "loss_on", "the date of the loss or expense"); }),
                    p.take([&] { return date_from(f, "claim_on", "the date the claim was received"); }),
                    amount.value_or(0),
                    f.get_or("claim_details", "")};
                record_claim(tx, c, id, claim);
              }));
}

Response api_list(const Request& req, Context& ctx) {
  auto today = date_of(ctx.clock.now());
  auto filter = standing_filter(req);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : all_cases(ctx))
    if (!filter || standing_on(c.row.facts, c.periods, today) == *filter)
      out.push_back(case_json(c.row, c.periods, today));
  return Response::json(json_text(nlohmann::json{{"cases", out}}));
}

Response api_case(const Request& req, Context& ctx) {
  auto id = web::path_number(req, "id", "There is no case with that number.");
  auto found = store::in_read(ctx.db, [&](store::Tx& tx) -> std::optional<nlohmann::json> {
    auto row = find_case(tx, id);
    if (!row) return std::nullopt;
    auto p = load_periods(tx, row->locality_id);
    auto today = date_of(ctx.clock.now());
    auto doc = case_json(*row, p, today);
    doc["timeline"] = timeline_view(*row, p, today)["items"];
    return doc;
  });
  if (!found) throw HttpError(404, "not_found", "There is no community right to bid case with that number.");
  return Response::json(found->dump());
}

}  // namespace

void register_settings_routes(web::Router& router);  // routes_settings.cpp

void register_routes(web::Router& router) {
  router.get("/assets/community-value", list_page);
  router.get("/assets/community-value/nominate",
             [](const Request& req, Context& ctx) { return nominate_page(req, ctx, {}, Params{}); });
  router.post("/assets/community-value/nominate", nominate_post);
  router.get("/assets/community-value/{id}", [](const Request& req, Context& ctx) {
    return case_page(req, ctx, web::path_number(req, "id", "There is no case with that number."), {},
                     Params{});
  });
  router.post("/assets/community-value/{id}/follow", [](const Request& req, Context& ctx) {
    if (!ctx.actor) return sign_in_redirect(req);
    auto id = web::path_number(req, "id", "There is no case with that number.");
    bool follow = req.form().get_or("follow", "1") == "1";
    try {
      store::in_write(ctx.db, [&](store::Tx& tx) { set_following(tx, command_for(ctx), id, follow); });
    } catch (const FormInvalid& e) {
      throw HttpError(e.status == 404 ? 404 : 403, e.status == 404 ? "not_found" : "forbidden", e.what());
    }
    return Response::redirect("/assets/community-value/" + std::to_string(id) +
                              (follow ? "?done=follow" : "?done=unfollow"));
  });
  register_steps(router);
  register_settings_routes(router);
  router.get(
      "/api/v1/community-value", api_list,
      {.api = true, .summary = "Assets of community value: listed, unsuccessful, awaiting a decision"});
  router.get("/api/v1/community-value/{id}", api_case,
             {.api = true, .summary = "One community right to bid case with its statutory dates"});
}

std::vector<modules::Job> jobs() {
  return {{.name = "assets.community_value_reminders",
           .every = std::chrono::hours(1),
           .run = [](const modules::JobContext& job) {
             community_value::send_due_reminders(job.db, job.views, job.site.base_url, job.clock.now());
           }}};
}

}  // namespace cw::community_value
