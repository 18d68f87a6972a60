// E-petitions' public pages: the lists (and their Atom feeds and JSON), each petition's page with its
// counts, map and sign form, the JSON of one petition, starting a petition, the supporters' page, and
// confirming by the mailed link. Signing goes through the group commit so a surge costs one durable
// commit per batch, not per signature.
#include <chrono>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "html/markdown.h"
#include "modules/accounts/secrets.h"
#include "modules/audit/audit.h"
#include "modules/petitions/pages.h"
#include "modules/petitions/routes.h"
#include "modules/search/topics.h"
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

struct ListKind {
  const char* slug;
  const char* label;
};
constexpr ListKind kLists[] = {{"open", "Open"},           {"awaiting", "Awaiting a response"},
                               {"responded", "Responded"}, {"debated", "Debated"},
                               {"rejected", "Rejected"},   {"closed", "Closed"}};

ListFilter list_filter(const Request& req, std::int64_t locality_id, std::string& kind) {
  kind = req.query.get_or("state", "open");
  ListFilter f{.locality_id = locality_id, .ward_code = req.query.get_or("ward", "")};
  if (kind == "awaiting") {
    f.states = {State::open, State::closed};
    f.awaiting_response = true;
  } else if (kind == "responded") {
    f.states = {State::open, State::closed};
    f.responded = true;
  } else if (kind == "debated") {
    f.states = {State::open, State::closed};
    f.debated = true;
  } else if (kind == "rejected") {
    f.states = {State::rejected};
    f.newest = true;
  } else if (kind == "closed") {
    f.states = {State::closed};
  } else {
    kind = "open";
    f.states = {State::open};
  }
  if (req.query.get_or("sort", "") == "newest") f.newest = true;
  f.page = std::max(1, std::atoi(req.query.get_or("page", "1").c_str()));
  return f;
}

std::string list_href(const std::string& kind, const std::string& ward, int page, bool newest) {
  std::string q = "?state=" + kind;
  if (!ward.empty()) q += "&ward=" + ward;
  if (newest) q += "&sort=newest";
  if (page > 1) q += "&page=" + std::to_string(page);
  return "/petitions" + q;
}

Response list_page(const Request& req, Context& ctx) {
  std::string kind;
  auto [locality, wards, result, filter] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = request_locality(tx, req);
    auto f = list_filter(req, l.id, kind);
    return std::tuple(l, places::ward_refs(tx, l.id), list_petitions(tx, f), f);
  });
  if (req.wants_json() || req.path.starts_with("/api/")) {
    json items = json::array();
    for (const auto& p : result.items)
      items.push_back({{"id", p.id},
                       {"action", p.action},
                       {"state", std::string(state_name(p.state))},
                       {"signature_count", p.signature_count},
                       {"url", ctx.site.base_url + petition_href(p.id)}});
    return Response::json(json_text(json{{"total", result.total}, {"petitions", items}}));
  }
  json tabs = json::array(), items = json::array(), ward_options = json::array();
  for (const auto& k : kLists)
    tabs.push_back({{"label", k.label},
                    {"href", list_href(k.slug, filter.ward_code, 1, filter.newest)},
                    {"current", kind == k.slug}});
  for (const auto& p : result.items) items.push_back(list_item(p));
  ward_options.push_back(
      {{"value", ""}, {"text", "All of " + locality.name}, {"selected", filter.ward_code.empty()}});
  for (const auto& w : wards)
    ward_options.push_back({{"value", w.code}, {"text", w.name}, {"selected", w.code == filter.ward_code}});
  int pages = static_cast<int>((result.total + filter.per_page - 1) / filter.per_page);
  json data{
      {"locality", locality.name},
      {"tabs", tabs},
      {"kind", kind},
      {"items", items},
      {"has_items", !result.items.empty()},
      {"total_text",
       fmt::format("{} {}", with_commas(result.total), result.total == 1 ? "petition" : "petitions")},
      {"wards", ward_options},
      {"newest", filter.newest},
      {"by_signatures_href", list_href(kind, filter.ward_code, 1, false)},
      {"newest_href", list_href(kind, filter.ward_code, 1, true)},
      {"previous", filter.page > 1 ? json(list_href(kind, filter.ward_code, filter.page - 1, filter.newest))
                                   : json(false)},
      {"next", filter.page < pages ? json(list_href(kind, filter.ward_code, filter.page + 1, filter.newest))
                                   : json(false)},
      {"feed",
       "/petitions.atom?state=" + kind + (filter.ward_code.empty() ? "" : "&ward=" + filter.ward_code)}};
  return ctx.page("petitions/list",
                  {.title = "Petitions", .breadcrumbs = {{"Home", "/"}}, .nav_current = "/petitions"},
                  std::move(data));
}

Response feed(const Request& req, Context& ctx) {
  std::string kind;
  auto [locality, result] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = request_locality(tx, req);
    auto f = list_filter(req, l.id, kind);
    f.newest = true;
    f.per_page = 50;
    return std::pair(l, list_petitions(tx, f));
  });
  json entries = json::array();
  Micros updated = 0;
  for (const auto& p : result.items) {
    updated = std::max(updated, p.updated_at);
    entries.push_back({{"title", p.action},
                       {"id", ctx.site.base_url + petition_href(p.id)},
                       {"link", ctx.site.base_url + petition_href(p.id)},
                       {"updated", iso_time(p.updated_at)},
                       {"summary", p.background + " (" + signatures_text(p.signature_count) + ")"}});
  }
  json data{{"title", fmt::format("Petitions in {}: {}", locality.name, kind)},
            {"id", ctx.site.base_url + "/petitions.atom?state=" + kind},
            {"self", ctx.site.base_url + "/petitions.atom?state=" + kind},
            {"alternate", ctx.site.base_url + "/petitions?state=" + kind},
            {"updated", iso_time(updated ? updated : ctx.clock.now())},
            {"entries", entries}};
  return Response::text(ctx.views.render("assets/changes.atom", data), "application/atom+xml; charset=utf-8");
}

// A long field as a GOV.UK character count, which says the limit and counts down as people type.
json counted(json textarea, std::size_t max) {
  textarea["maxlength"] = max;
  return textarea;
}

// "Do you live in the area?": people who work or study here may sign from a home postcode elsewhere.
json connection_choices(const FormView& form) {
  return form.choices("declaration", "Do you live in the area?",
                      {{"live", "Yes, I live in the area", ""},
                       {"work", "No, but I work or study in the area",
                        "Give your home postcode: your signature is counted as from outside the area"}},
                      {}, false);
}

// Someone signed in finds their name and address already filled in (what they submitted wins).
json sign_form(const FormView& form, const std::string& action, const Actor* actor = nullptr) {
  return {
      {"action", action},
      {"name", form.field("name", "Full name", actor ? actor->display_name : "", {.autocomplete = "name"})},
      {"email", form.field("email", "Email address", actor ? actor->email : "",
                           {.type = "email",
                            .autocomplete = "email",
                            .hint = "We will email you a link to confirm your signature"})},
      {"postcode",
       form.field(
           "postcode", "Postcode", "",
           {.autocomplete = "postal-code", .hint = "So we can count signatures by ward", .width = "10"})},
      {"declaration", connection_choices(form)},
      {"notify",
       form.choices("notify", "Updates", {{"yes", "Email me when the council responds", ""}}, {}, true)},
      {"errors", form.summary()}};
}

struct PetitionPage {
  PetitionRow p;
  places::LocalityRef locality;
  std::vector<places::WardRef> wards;
  Settings settings;
  std::int64_t supporters = 0;  // while it gathers support
};

PetitionPage load_page(Context& ctx, std::int64_t id, bool allow_private) {
  return store::in_read(ctx.db, [&](store::Tx& tx) {
    auto p = find_petition(tx, id);
    if (!p || (!is_public(p->state) && !allow_private && !may_moderate(ctx.actor, p->locality_id)))
      throw HttpError(404, "not_found", "There is no such petition, or it is not published.");
    bool gathering = p->state == State::validated || p->state == State::sponsored;
    return PetitionPage{*p, locality_of(tx, p->locality_id), places::ward_refs(tx, p->locality_id),
                        load_settings(tx, p->locality_id), gathering ? confirmed_supporters(tx, id) : 0};
  });
}

json facts(const PetitionPage& pg, const Context& ctx) {
  const auto& p = pg.p;
  json rejection = false;
  if (p.state == State::rejected)
    if (auto* r = find_rejection_reason(p.rejection_code))
      rejection = {{"reason", r->description},
                   {"details", p.rejection_details.empty() ? json(false) : json(p.rejection_details)}};
  std::string ward_name;
  for (const auto& w : pg.wards)
    if (w.code == p.ward_code) ward_name = w.name;
  auto pct = [&](std::int64_t threshold) {
    return std::min<std::int64_t>(100, p.signature_count * 100 / std::max<std::int64_t>(threshold, 1));
  };
  return {
      {"id", p.id},
      {"action", p.action},
      {"background", p.background},
      {"details", p.details.empty() ? json(false) : json(p.details)},
      {"state", std::string(state_label(p.state))},
      {"open", p.state == State::open},
      {"gathering", p.state == State::validated || p.state == State::sponsored},
      {"supporters", fmt::format("{} of {} supporters", pg.supporters, pg.settings.sponsors_required)},
      {"count", signatures_text(p.signature_count)},
      {"creator", p.creator_name},
      {"about", ward_name.empty() ? "All of " + pg.locality.name : ward_name + " ward"},
      {"topic", p.topic.empty() ? json(false) : json(std::string(search::topic_label(p.topic).value_or("")))},
      {"deadline", !p.closes_at               ? json(false)
                   : p.state == State::closed ? json(civil::closed_text(*p.closes_at))
                                              : json(civil::closes_text(*p.closes_at))},
      {"closed", p.state == State::closed},
      {"rejection", rejection},
      {"response_threshold", with_commas(pg.settings.response_threshold)},
      {"debate_threshold", with_commas(pg.settings.debate_threshold)},
      {"response_percent", pct(pg.settings.response_threshold)},
      {"debate_percent", pct(pg.settings.debate_threshold)},
      {"response_reached", p.response_reached_at ? json(long_date(*p.response_reached_at)) : json(false)},
      {"debate_reached", p.debate_reached_at ? json(long_date(*p.debate_reached_at)) : json(false)},
      {"response", p.responded_at ? json{{"html", html::render_markdown(p.response_text)},
                                         {"on", long_date(*p.responded_at)}}
                                  : json(false)},
      {"debate", p.debated_at ? json{{"on", civil::long_date(std::string_view(p.debate_on))},
                                     {"outcome", html::render_markdown(p.debate_outcome)}}
                              : json(false)},
      {"json_href", petition_href(p.id) + ".json"},
      {"officer", may_moderate(ctx.actor, p.locality_id) || may_respond(ctx.actor, p.locality_id)},
      {"manage_href", "/petitions/moderate/" + std::to_string(p.id)}};
}

// Where the signatures come from (map, tables, chart): rendered at most once per tally, and kept.
std::shared_ptr<const std::string> counts_html(Context& ctx, const PetitionPage& pg, Signing& signing) {
  return signing.counts.get(std::to_string(pg.p.id), pg.p.tallied_at, [&] {
    auto [rows, shapes] = store::in_read(ctx.db, [&](store::Tx& tx) {
      return std::pair{tallies(tx, pg.p.id), places::ward_shapes(tx, pg.p.locality_id)};
    });
    auto data = counts_view(pg.p, rows, shapes, pg.wards);
    data["json_href"] = petition_href(pg.p.id) + ".json";
    return ctx.views.render("petitions/counts", data);
  });
}

Response petition_page(const Request& req, Context& ctx, std::int64_t id, const FormView& form, int status,
                       Signing& signing) {
  auto pg = load_page(ctx, id, false);
  auto data = facts(pg, ctx);
  data["counts_html"] = *counts_html(ctx, pg, signing);
  data["sign"] =
      pg.p.state == State::open ? sign_form(form, petition_href(id) + "/sign", ctx.actor) : json(false);
  data["signed"] = req.query.get_or("signed", "") == "1";
  return ctx.page("petitions/petition",
                  {.title = pg.p.action,
                   .breadcrumbs = {{"Home", "/"}, {"Petitions", "/petitions"}},
                   .has_errors = form.has_errors(),
                   .nav_current = "/petitions",
                   .description = "A petition to " + pg.locality.name + " council: " + pg.p.action + " " +
                                  signatures_text(pg.p.signature_count) + "."},
                  std::move(data), status);
}

Response show(const Request& req, Context& ctx, Signing& signing) {
  const auto& raw = req.param("id");
  if (raw.ends_with(".json")) {
    auto n = std::atoll(raw.substr(0, raw.size() - 5).c_str());
    if (n <= 0) throw HttpError(404, "not_found", "There is no such petition.");
    auto pg = load_page(ctx, n, false);
    auto rows = store::in_read(ctx.db, [&](store::Tx& tx) { return tallies(tx, n); });
    return Response::json(json_text(petition_json(pg.p, rows, pg.wards, ctx.site.base_url)));
  }
  return petition_page(req, ctx, id_param(req), {}, 200, signing);
}

// Signs (as a signer, or as a supporter through the creator's link) and sends the person to the page
// that says to check their email — the same page whether or not they had signed before.
Response sign_as(const Request& req, Context& ctx, std::int64_t id, bool supporter, Signing& signing,
                 const std::function<Response(const FormView&, int)>& again) {
  auto form = req.form();
  auto draft = signer_draft_from_form(form);
  try {
    if (auto problems = check_signer_draft(draft); !problems.empty()) throw FormInvalid(problems);
    auto petition = store::in_read(ctx.db, [&](store::Tx& tx) {
      auto p = find_petition(tx, id);
      if (!p) throw HttpError(404, "not_found", "There is no such petition.");
      return *p;
    });
    auto locality = petition.locality_id;
    SignatureRequest r{.petition_id = id, .as_supporter = supporter, .signer = draft};
    r.where = store::in_read(ctx.db, [&](store::Tx& tx) {
      return place_signer(tx, locality, draft.postcode, draft.lives_outside);
    });
    auto c = command_for(ctx);
    r.network = audit::ip_prefix(c.ip);
    auto email_key = canonical_signer_email(draft.email).value_or("");
    r.verdict = signing.fraud.assess(id, c.ip, r.network, email_domain(email_key), c.now);
    if (r.verdict.refuse)
      throw FormInvalid("email",
                        fmt::format("Too many signatures have come from your connection. Try again in {} "
                                    "seconds",
                                    static_cast<int>(r.verdict.retry_after) + 1),
                        429);
    r.prepared = prepare_confirmation(c, petition.action, draft.email, draft.name);
    Signed signed_now;
    signing.group.run(ctx.db, sign_command(c, r, signed_now));
    if (r.verdict.burst_started) store::in_write(ctx.db, [&](store::Tx& tx) { flag_burst(tx, c, id); });
  } catch (const FormInvalid& e) {
    if (e.status == 409) throw HttpError(409, "conflict", e.what());
    if (e.status == 404) throw HttpError(404, "not_found", e.what());
    return again(FormView(form, e.errors), e.status);
  }
  return Response::redirect(petition_href(id) + "/signed");
}

// A step done or a mail sent: the panel names the petition, and where there is one, the link to share.
struct Sent {
  std::string heading, text, back_href;
  std::string petition;       // its request, under the heading
  std::string share_url;      // the public page, for "ask others to sign"
  std::string supporter_url;  // the creator's link for supporters, before publication
  int supporters_needed = 0;
};

Response sent_page(Context& ctx, const Sent& s) {
  auto or_false = [](const std::string& v) { return v.empty() ? json(false) : json(v); };
  json share = false;
  if (!s.share_url.empty())
    share = {{"url", s.share_url},
             {"mailto", "mailto:?subject=" + web::percent_encode("Please sign this petition") +
                            "&body=" + web::percent_encode(s.petition + "\n\n" + s.share_url)}};
  return ctx.page("petitions/sent",
                  {.title = s.heading,
                   .breadcrumbs = {{"Home", "/"}, {"Petitions", "/petitions"}},
                   .nav_current = "/petitions"},
                  {{"heading", s.heading},
                   {"text", or_false(s.text)},
                   {"back", s.back_href},
                   {"petition", or_false(s.petition)},
                   {"share", share},
                   {"supporter_url", or_false(s.supporter_url)},
                   {"needed", s.supporters_needed}});
}

// `query` is the page's own query: a ?locality= there is kept on the form's address.
json new_form(const FormView& form, const Params& query, const places::LocalityRef& locality,
              const std::vector<places::WardRef>& wards) {
  std::vector<FormView::Choice> ward_choices{{"", "All of " + locality.name, ""}};
  for (const auto& w : wards) ward_choices.push_back({w.code, w.name, ""});
  std::vector<FormView::Choice> topics{{"", "Choose a topic", ""}};
  for (const auto& t : search::kTopics) topics.push_back({std::string(t.slug), std::string(t.label), ""});
  return {
      {"errors", form.summary()},
      {"form_action",
       query.get_or("locality", "").empty() ? "/petitions/new" : "/petitions/new?locality=" + locality.code},
      {"locality_name", locality.name},
      {"action",
       form.field("action", "What do you want the council to do?", "",
                  {.hint = fmt::format("A short, clear request, {} characters at most", kActionMax)})},
      {"background", counted(form.textarea("background", "Why do you want the council to do it?", "", "", 4),
                             kBackgroundMax)},
      {"details",
       counted(form.textarea("details", "Anything else you want to say (optional)", "", "", 6), kDetailsMax)},
      {"ward", form.select("ward", "Which part of the area is it about?", ward_choices)},
      {"topic", form.select("topic", "Topic (optional)", topics)},
      {"name", form.field("name", "Your full name", "",
                          {.autocomplete = "name", .hint = "Shown on the petition as its creator"})},
      {"email", form.field("email", "Your email address", "", {.type = "email", .autocomplete = "email"})},
      {"postcode",
       form.field("postcode", "Your postcode", "", {.autocomplete = "postal-code", .width = "10"})},
      {"declaration", connection_choices(form)}};
}

Response new_page(const Request& req, Context& ctx, const FormView& form, int status) {
  auto [locality, wards] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = request_locality(tx, req);
    return std::pair(l, places::ward_refs(tx, l.id));
  });
  return form_page(ctx, "petitions/new", "Start a petition", new_form(form, req.query, locality, wards),
                   form.has_errors(), status);
}

Response new_post(const Request& req, Context& ctx, Signing& signing) {
  auto form = req.form();
  auto draft = petition_draft_from_form(form);
  try {
    if (auto problems = check_petition_draft(draft); !problems.empty()) throw FormInvalid(problems);
    auto c = command_for(ctx);
    if (!signing.starts.allow(c.ip, c.now))
      throw FormInvalid("action", "You have started several petitions in the last hour. Try again later",
                        429);
    store::in_write(ctx.db, [&](store::Tx& tx) {
      auto l = request_locality(tx, req);
      auto where = place_signer(tx, l.id, draft.postcode, draft.lives_outside);
      create_petition(tx, c, l.id, draft, where);
    });
  } catch (const FormInvalid& e) {
    return new_page(req, ctx, FormView(form, e.errors), e.status);
  }
  return Response::redirect("/petitions/new/sent");
}

Response support_page(const Request& req, Context& ctx, const FormView& form, int status) {
  auto id = id_param(req);
  auto pg = load_page(ctx, id, true);
  if (pg.p.sponsor_token != req.param("token") || pg.p.state == State::pending)
    throw HttpError(404, "not_found",
                    "This link is not valid. Ask the petition's creator for the link again.");
  if (pg.p.state == State::open) return Response::redirect(petition_href(id));
  auto data = facts(pg, ctx);
  data["sign"] = sign_form(form, req.path, ctx.actor);
  data["needed"] = pg.settings.sponsors_required;
  return form_page(ctx, "petitions/support", "Support a petition", std::move(data), form.has_errors(),
                   status);
}

Response confirm_page(const Request& req, Context& ctx) {
  auto petition = store::in_read(
      ctx.db, [&](store::Tx& tx) { return petition_of_confirmation_link(tx, req.param("token")); });
  return form_page(ctx, "petitions/confirm", "Confirm your email address",
                   {{"action", req.path}, {"petition", petition ? json(petition->action) : json(false)}},
                   false, 200);
}

Response confirm_post(const Request& req, Context& ctx, Signing& signing) {
  auto c = command_for(ctx);
  if (!signing.confirmations.allow(c.ip, c.now))
    throw HttpError(429, "too_many_requests",
                    "Too many confirmations from your connection. Try again in a minute.");
  Confirmed done;
  try {
    signing.group.run(ctx.db, confirm_command(c, req.param("token"), done));
  } catch (const FormInvalid& e) {
    throw HttpError(e.status == 409 ? 409 : 404, e.status == 409 ? "conflict" : "not_found", e.what());
  }
  auto [p, needed] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto p = find_petition(tx, done.petition_id);
    return std::pair{p, p ? load_settings(tx, p->locality_id).sponsors_required : 0};
  });
  Sent s{.heading = "Your signature has been added",
         .back_href = petition_href(done.petition_id),
         .petition = p ? p->action : ""};
  if (done.role == "creator") {
    s.heading = "Your petition is confirmed";
    // They proved they read mail at the creator's address, so the link may be shown as well as mailed.
    if (p && needed > 0 && (p->state == State::validated || p->state == State::pending)) {
      s.text = "We have also emailed you this link.";
      s.supporter_url = ctx.site.base_url + petition_href(p->id) + "/support/" + p->sponsor_token;
      s.supporters_needed = needed;
    }
  } else if (done.role == "sponsor") {
    s.heading = "Thank you for supporting this petition";
    s.text = "Once enough people support it, it will be checked and published.";
  } else {
    s.text = "It may take a few seconds to appear in the count.";
    if (p && p->state == State::open) s.share_url = ctx.site.base_url + petition_href(p->id);
  }
  if (done.outcome == ConfirmOutcome::already_confirmed) s.heading = "You have already confirmed";
  return sent_page(ctx, s);
}

// The link at the foot of every mail to signers: a page with a button (mail scanners follow links), and
// the one-click POST mail programs send (RFC 8058), which carries no CSRF token: the secret in the
// address is what authorises it, and all it can do is stop mail.
Response stop_news_page(const Request& req, Context& ctx) {
  return form_page(
      ctx, "petitions/confirm", "Stop emails about this petition",
      {{"action", req.path}, {"heading", "Stop emails about this petition"}, {"button", "Stop the emails"}},
      false, 200);
}

Response stop_news_post(const Request& req, Context& ctx) {
  auto petition = store::in_write(
      ctx.db, [&](store::Tx& tx) { return stop_news(tx, accounts::token_hash(req.param("token"))); });
  if (!petition)
    throw HttpError(404, "not_found",
                    "This link is not valid. Check that you copied the whole link from the email.");
  return sent_page(ctx, Sent{.heading = "You will get no more emails about this petition",
                             .text = "Your signature still counts.",
                             .back_href = petition_href(*petition)});
}

}  // namespace

void register_public_routes(web::Router& router, const std::shared_ptr<Signing>& signing) {
  router.get("/petitions", list_page);
  router.get(
      "/api/v1/petitions", list_page,
      {.api = true,
       .summary =
           "Petitions of a locality: "
           "?locality=&state=open|awaiting|responded|debated|rejected|closed&ward=&sort=newest&page="});
  router.get("/petitions.atom", feed);
  router.get("/petitions/new", [](const Request& req, Context& ctx) { return new_page(req, ctx, {}, 200); });
  router.post("/petitions/new",
              [signing](const Request& req, Context& ctx) { return new_post(req, ctx, *signing); });
  router.get("/petitions/new/sent", [](const Request&, Context& ctx) {
    return sent_page(
        ctx,
        Sent{.heading = "Check your email",
             .text =
                 "We have sent you a link to confirm your petition. It only goes further once you confirm.",
             .back_href = "/petitions"});
  });
  router.get("/petitions/{id}",
             [signing](const Request& req, Context& ctx) { return show(req, ctx, *signing); });
  router.post("/petitions/{id}/sign", [signing](const Request& req, Context& ctx) {
    auto id = id_param(req);
    return sign_as(req, ctx, id, false, *signing, [&](const FormView& f, int status) {
      return petition_page(req, ctx, id, f, status, *signing);
    });
  });
  router.get("/petitions/{id}/signed", [](const Request& req, Context& ctx) {
    auto id = id_param(req);
    auto p = store::in_read(ctx.db, [&](store::Tx& tx) { return find_petition(tx, id); });
    return sent_page(ctx,
                     Sent{.heading = "Check your email",
                          .text = "We have sent you an email. Your signature only counts once you select "
                                  "the link in it.",
                          .back_href = petition_href(id),
                          .petition = p && is_public(p->state) ? p->action : ""});
  });
  router.get("/petitions/{id}/support/{token}",
             [](const Request& req, Context& ctx) { return support_page(req, ctx, {}, 200); });
  router.post("/petitions/{id}/support/{token}", [signing](const Request& req, Context& ctx) {
    auto id = id_param(req);
    auto pg = load_page(ctx, id, true);
    if (pg.p.sponsor_token != req.param("token") || pg.p.state == State::pending)
      throw HttpError(404, "not_found",
                      "This link is not valid. Ask the petition's creator for the link again.");
    return sign_as(req, ctx, id, true, *signing,
                   [&](const FormView& f, int status) { return support_page(req, ctx, f, status); });
  });
  router.get("/petitions/confirm/{token}", confirm_page);
  router.get("/petitions/news/stop/{token}", stop_news_page);
  router.post("/petitions/news/stop/{token}", stop_news_post, {.csrf = false});
  router.post("/petitions/confirm/{token}",
              [signing](const Request& req, Context& ctx) { return confirm_post(req, ctx, *signing); });
}

}  // namespace cw::petitions
