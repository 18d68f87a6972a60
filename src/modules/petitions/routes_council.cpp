// E-petitions' pages for moderators and council officers: the moderation queue with suspect signatures
// and flags, one petition's decisions, the council's response and debate, the signatures CSV, and a
// locality's settings.
#include <chrono>
#include <map>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "common/csv_writer.h"
#include "modules/accounts/people.h"
#include "modules/accounts/permissions.h"
#include "modules/petitions/pages.h"
#include "modules/petitions/routes.h"
#include "web/form_fields.h"
#include "web/forms.h"

namespace cw::petitions {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::FormView;
using web::HttpError;
using web::Params;
using web::Request;
using web::Response;

Response queue_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in_redirect(req);
  auto [queue, suspects] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto mine = accounts::locality_ids_where(tx, ctx.actor, accounts::Action::moderate_content);
    if (mine.empty())
      throw HttpError(403, "forbidden", "Only moderators can see the petitions waiting for them.");
    return std::pair(moderation_queue(tx, mine), petitions_with_suspects(tx, mine));
  });
  json items = json::array(), suspect_items = json::array();
  for (const auto& p : queue) {
    auto item = list_item(p);
    item["href"] = "/petitions/moderate/" + std::to_string(p.id);
    item["since"] = p.sponsored_at ? json(long_date(*p.sponsored_at)) : json(false);
    items.push_back(item);
  }
  for (const auto& s : suspects)
    suspect_items.push_back({{"href", "/petitions/moderate/" + std::to_string(s.petition_id)},
                             {"action", s.action},
                             {"count", signatures_text(s.suspects)},
                             {"reasons", s.reasons}});
  return form_page(ctx, "petitions/moderate_queue", "Petitions to check",
                   {{"items", items},
                    {"has_items", !queue.empty()},
                    {"suspects", suspect_items},
                    {"has_suspects", !suspects.empty()}},
                   false, 200);
}

std::vector<FormView::Choice> decisions_for(State s) {
  if (in_moderation(s))
    return {{"publish", "Publish it", "It meets the standards: open it for signatures"},
            {"reject", "Reject it", "Choose a reason below"},
            {"flag", "Flag it for a second opinion", ""},
            {"dormant", "Put it on hold", "For example in the weeks before an election"}};
  if (s == State::open)
    return {{"hide", "Hide it while it is looked into", ""}, {"remove", "Remove it", "It stays on record"}};
  if (s == State::hidden) return {{"restore", "Restore it", "Make it visible again"}};
  return {};
}

// What the management page says after each step (?done=…): what happened, and who was told.
std::string done_banner(const std::string& done) {
  static const std::map<std::string, std::string> kBanners{
      {"publish", "Petition published. The creator has been emailed and its supporters will be"},
      {"reject", "Petition rejected. The creator has been emailed the reason"},
      {"flag", "Petition flagged for a second opinion"},
      {"dormant", "Petition put on hold"},
      {"hide", "Petition hidden while it is looked into. The creator has been emailed"},
      {"restore", "Petition visible again. The creator has been emailed"},
      {"remove", "Petition removed. The creator has been emailed"},
      {"response", "Response published. Signers who asked for news will be emailed it"},
      {"debate", "Debate recorded. Signers who asked for news will be emailed"},
      {"release", "Suspect signatures released: they now count"},
      {"strike", "Suspect signatures struck out"}};
  auto it = kBanners.find(done);
  return it == kBanners.end() ? std::string() : it->second;
}

Response manage_page(const Request& req, Context& ctx, const FormView& form, int status) {
  if (!ctx.actor) return sign_in_redirect(req);
  auto id = id_param(req);
  auto [p, flags, suspects] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto p = find_petition(tx, id);
    if (!p) throw HttpError(404, "not_found", "There is no such petition.");
    if (!may_moderate(ctx.actor, p->locality_id) && !may_respond(ctx.actor, p->locality_id))
      throw HttpError(403, "forbidden", "Only the area's moderators and officers can manage petitions.");
    std::int64_t n = 0;
    for (const auto& s : petitions_with_suspects(tx, {p->locality_id}))
      if (s.petition_id == id) n = s.suspects;
    return std::tuple(*p, open_flags(tx, id), n);
  });
  bool moderator = may_moderate(ctx.actor, p.locality_id), officer = may_respond(ctx.actor, p.locality_id);
  std::vector<FormView::Choice> reasons{{"", "Choose a reason", ""}};
  for (const auto& r : rejection_reasons())
    reasons.push_back({r.code, std::string(r.label) + (r.hidden ? " (hidden)" : ""), ""});
  auto choices = decisions_for(p.state);
  json flag_items = json::array();
  for (const auto& f : flags) flag_items.push_back({{"detail", f.detail}, {"on", long_date(f.created_at)}});
  bool responds = officer && (p.state == State::open || p.state == State::closed);
  json data{
      {"errors", form.summary()},
      {"id", p.id},
      {"action", p.action},
      {"background", p.background},
      {"details", p.details.empty() ? json(false) : json(p.details)},
      {"creator", p.creator_name + " (" + p.creator_email + ")"},
      {"state", std::string(state_label(p.state))},
      {"count", signatures_text(p.signature_count)},
      {"href", petition_href(p.id)},
      {"public", is_public(p.state)},
      {"decide",
       moderator && !choices.empty()
           ? json{{"decision", form.choices("decision", "What do you want to do?", choices, {}, false)},
                  {"reason", form.select("reason", "Reason for rejecting", reasons, "",
                                         "Hidden reasons take the petition off the site")},
                  {"details",
                   form.textarea("details", "Explain your decision", "",
                                 "The creator is told this. Needed to flag, hold, hide or remove", 3)}}
           : json(false)},
      {"flags", flag_items},
      {"has_flags", !flags.empty()},
      {"suspects", moderator && suspects > 0 ? json(signatures_text(suspects)) : json(false)},
      {"respond",
       responds
           ? json{{"response",
                   form.textarea(
                       "response", "The council's response", p.response_text,
                       "Shown on the petition and emailed to signers who asked. You can use Markdown", 8)}}
           : json(false)},
      {"debate",
       responds
           ? json{{"date",
                   {{"id", "debate_on"},
                    {"name", "debate_on"},
                    {"legend", "Date of the debate"},
                    {"hint", "For example, 27 3 2027"},
                    {"error",
                     form.error_for("debate_on").empty() ? json(false) : json(form.error_for("debate_on"))},
                    {"day", ""},
                    {"month", ""},
                    {"year", ""}}},
                  {"outcome", form.textarea("outcome", "What the council decided", p.debate_outcome, "", 5)}}
           : json(false)},
      {"csv", officer ? json(petition_href(p.id) + "/signatures.csv") : json(false)}};
  if (auto text = done_banner(req.query.get_or("done", "")); !text.empty() && status == 200)
    data["banner"] = web::success_banner(text);
  return form_page(ctx, "petitions/manage", "Manage a petition", std::move(data), form.has_errors(), status);
}

// Runs one officer's or moderator's step, then back to the petition's management page saying what was
// done (the step returns the word for done_banner), or that page again with the errors.
using Step = std::function<std::string(store::Tx&, const Command&, std::int64_t, const Params&)>;
web::Handler step(Step run) {
  return [run = std::move(run)](const Request& req, Context& ctx) {
    if (!ctx.actor) return sign_in_redirect(req);
    auto id = id_param(req);
    auto form = req.form();
    std::string done;
    try {
      store::in_write(ctx.db, [&](store::Tx& tx) { done = run(tx, command_for(ctx), id, form); });
    } catch (const FormInvalid& e) {
      if (e.status == 403) throw HttpError(403, "forbidden", e.what());
      if (e.status == 404) throw HttpError(404, "not_found", e.what());
      return manage_page(req, ctx, FormView(form, e.errors), e.status);
    }
    return Response::redirect("/petitions/moderate/" + std::to_string(id) +
                              "?done=" + web::percent_encode(done));
  };
}

std::string iso_date(const Params& f, const std::string& name) {
  using namespace std::chrono;
  int d = std::atoi(f.get_or(name + "-day", "").c_str()),
      m = std::atoi(f.get_or(name + "-month", "").c_str()),
      y = std::atoi(f.get_or(name + "-year", "").c_str());
  year_month_day ymd{year(y), month(static_cast<unsigned>(m)), day(static_cast<unsigned>(d))};
  if (y < 2000 || y > 2200 || !ymd.ok()) return "";
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

Response signatures_csv(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in_redirect(req);
  auto id = id_param(req);
  std::string out =
      "id,role,name,postcode,ward_code,imd_decile,state,suspect,suspect_reason,signed_at,confirmed_at\r\n";
  store::in_read(ctx.db, [&](store::Tx& tx) {
    auto p = find_petition(tx, id);
    if (!p) throw HttpError(404, "not_found", "There is no such petition.");
    if (!may_respond(ctx.actor, p->locality_id) && !may_moderate(ctx.actor, p->locality_id))
      throw HttpError(403, "forbidden", "Only the area's officers can download signatures.");
    std::int64_t after = 0;
    for (;;) {
      auto page = signatures_page(tx, id, after, 5000);
      for (const auto& s : page) {
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\r\n", s.id, s.role, csv::cell(s.name),
                           s.postcode, s.ward_code, s.imd_decile ? std::to_string(s.imd_decile) : "", s.state,
                           s.suspect ? "yes" : "no", csv::cell(s.suspect_reason), s.created_at / 1'000'000,
                           s.confirmed_at ? std::to_string(*s.confirmed_at / 1'000'000) : "");
        after = s.id;
      }
      if (page.size() < 5000) break;
    }
  });
  auto res = Response::text(std::move(out), "text/csv; charset=utf-8");
  res.set("Content-Disposition",
          "attachment; filename=\"petition-" + std::to_string(id) + "-signatures.csv\"");
  return res;
}

Response settings_page(const Request& req, Context& ctx, const FormView& form, int status) {
  if (!ctx.actor) return sign_in_redirect(req);
  auto [locality, s] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = request_locality(tx, req);
    if (!accounts::can(ctx.actor, accounts::Action::configure_locality, {.locality_id = l.id}))
      throw HttpError(403, "forbidden", "Only the area's administrators can change petition settings.");
    return std::pair(l, load_settings(tx, l.id));
  });
  auto num = [&](const char* name, const char* label, std::int64_t v, const char* hint) {
    return form.field(name, label, std::to_string(v), {.hint = hint, .width = "5"});
  };
  json data{
      {"errors", form.summary()},
      {"locality", locality.code},
      {"locality_name", locality.name},
      {"done", req.query.get_or("done", "") == "1"},
      {"fields",
       json::array(
           {num("sponsors_required", "Supporters needed before moderation", s.sponsors_required,
                "Besides the creator"),
            num("open_months", "Months a petition stays open", s.open_months, "From 1 to 12"),
            num("response_threshold", "Signatures for a council response", s.response_threshold, ""),
            num("debate_threshold", "Signatures for a debate at full council", s.debate_threshold, ""),
            num("names_per_email", "People who may sign with one email address", s.names_per_email,
                "For example a household sharing an address"),
            form.field(
                "mailbox", "Officers' mailbox for alerts", s.mailbox,
                {.type = "email",
                 .hint = "Petitions to moderate, thresholds reached and sudden rushes of signatures"})})}};
  return form_page(ctx, "petitions/settings", "Petition settings", std::move(data), form.has_errors(),
                   status);
}

Response settings_post(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in_redirect(req);
  auto f = req.form();
  auto number = [&](const char* name, std::vector<web::FieldError>& bad) -> std::int64_t {
    auto text = f.get_or(name, "");
    char* end = nullptr;
    auto v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0') {
      bad.push_back({name, "Enter a whole number"});
      return -1;
    }
    return v;
  };
  std::string code;
  try {
    std::vector<web::FieldError> bad;
    Settings s{.sponsors_required = static_cast<int>(number("sponsors_required", bad)),
               .open_months = static_cast<int>(number("open_months", bad)),
               .response_threshold = number("response_threshold", bad),
               .debate_threshold = number("debate_threshold", bad),
               .names_per_email = static_cast<int>(number("names_per_email", bad)),
               .mailbox = f.get_or("mailbox", "")};
    if (!bad.empty()) throw FormInvalid(bad);
    store::in_write(ctx.db, [&](store::Tx& tx) {
      auto l = request_locality(tx, req);
      code = l.code;
      update_settings(tx, command_for(ctx), l.id, s);
    });
  } catch (const FormInvalid& e) {
    if (e.status == 403) throw HttpError(403, "forbidden", e.what());
    return settings_page(req, ctx, FormView(f, e.errors), e.status);
  }
  return Response::redirect("/petitions/settings?locality=" + code + "&done=1");
}

}  // namespace

void register_council_routes(web::Router& router) {
  router.get("/petitions/moderate", queue_page);
  router.get("/petitions/moderate/{id}",
             [](const Request& req, Context& ctx) { return manage_page(req, ctx, {}, 200); });
  router.post(
      "/petitions/moderate/{id}", step([](store::Tx& tx, const Command& c, std::int64_t id, const Params& f) {
        moderate(tx, c, id, {f.get_or("decision", ""), f.get_or("reason", ""), f.get_or("details", "")});
        return f.get_or("decision", "");
      }));
  router.post("/petitions/{id}/response",
              step([](store::Tx& tx, const Command& c, std::int64_t id, const Params& f) {
                respond(tx, c, id, f.get_or("response", ""));
                return std::string("response");
              }));
  router.post("/petitions/{id}/debate",
              step([](store::Tx& tx, const Command& c, std::int64_t id, const Params& f) {
                record_debate(tx, c, id, iso_date(f, "debate_on"), f.get_or("outcome", ""));
                return std::string("debate");
              }));
  router.post("/petitions/{id}/suspects",
              step([](store::Tx& tx, const Command& c, std::int64_t id, const Params& f) {
                bool release = f.get_or("decision", "") == "release";
                decide_suspects(tx, c, id, release);
                return std::string(release ? "release" : "strike");
              }));
  router.get("/petitions/{id}/signatures.csv", signatures_csv);
  router.get("/petitions/settings",
             [](const Request& req, Context& ctx) { return settings_page(req, ctx, {}, 200); });
  router.post("/petitions/settings", settings_post);
}

}  // namespace cw::petitions
