// Responding to a consultation: the survey as one server-rendered form (no JavaScript needed), errors
// shown in the GOV.UK error summary with the answers refilled, drafts for signed-in people, and clear
// pages when it is closed, not yet open, needs signing in or has already been answered.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "modules/audit/audit.h"
#include "modules/consultations/formats.h"
#include "modules/consultations/pages.h"
#include "web/burst_detector.h"
#include "web/rate_limiter.h"

namespace cw::consultations {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::FormView;
using web::Request;
using web::Response;

// Anonymous responses that send mail (a copy, updates) are limited per address: 5 at once, 5 a minute.
web::RateLimiter& mail_limiter() {
  static web::RateLimiter limiter("consultation_response_mail", 5, 5);
  return limiter;
}

// The petitions' fraud controls, for anonymous responses (signed-in people are one response each by a
// unique constraint): one address (an IPv6 /64, with its /48 as a wider tier) answering far too fast is
// refused; beyond a steady rate from one network to one consultation, responses are held as suspect for
// its officers to check; and a consultation whose responses suddenly pour in is flagged to them.
struct ResponseChecks {
  web::RateLimiter addresses{"consultation-responses-address", 20, 5};
  web::RateLimiter networks{"consultation-responses-network", 10, 10.0 / 60};  // 10 an hour
  web::BurstDetector bursts{120, 10};
};
ResponseChecks& checks() {
  static ResponseChecks c;
  return c;
}

Response message(const Context& ctx, const Consultation& c, json data, int status = 200) {
  auto heading = data.value("heading", "");
  data["caption"] = c.title;
  if (!data.contains("panel")) data["panel"] = false;
  if (!data.contains("panel_body")) data["panel_body"] = false;
  if (!data.contains("links"))
    data["links"] = json::array({{{"text", "Back to the consultation"}, {"href", consultation_href(c.id)}}});
  return ctx.page("consultations/message",
                  {.title = heading, .breadcrumbs = crumbs(c), .nav_current = "/consultations"},
                  std::move(data), status);
}

// Why the person cannot answer now, as a page; nullopt when they can.
std::optional<Response> cannot_answer(const Context& ctx, const Request& req, const Consultation& c,
                                      int status) {
  auto p = phase(c, ctx.clock.now());
  if (p == Phase::closed) {
    json links = json::array({{{"text", "Back to the consultation"}, {"href", consultation_href(c.id)}}});
    if (c.outcome_published_at)
      links.push_back(
          {{"text", "Read \"You said, we did\""}, {"href", consultation_href(c.id) + "/outcome"}});
    return message(
        ctx, c,
        {{"heading", "This consultation has closed"},
         {"paragraphs",
          {"It closed on " + long_date(last_day(c)) + ", so it no longer takes responses.",
           "The council will publish what it heard and what it will do next on the consultation's page."}},
         {"links", links}},
        status);
  }
  if (p != Phase::open)
    return message(ctx, c,
                   {{"heading", "This consultation is not open yet"},
                    {"paragraphs", {"It opens on " + long_date(c.starts_at) + "."}}},
                   status);
  if (c.responders == Responders::signed_in && !ctx.actor)
    return message(
        ctx, c,
        {{"heading", "Sign in to respond"},
         {"paragraphs",
          {"This consultation takes one response per person, so it asks you to sign in first."}},
         {"links", json::array({{{"text", "Sign in to respond"},
                                 {"href", "/account/sign-in?next=" + web::percent_encode(req.path)}},
                                {{"text", "Create an account"}, {"href", "/account/register"}}})}},
        status == 200 ? 200 : 403);
  return std::nullopt;
}

Response already_responded(const Context& ctx, const Consultation& c, int status) {
  return message(ctx, c,
                 {{"heading", "You have already responded"},
                  {"paragraphs", {"Thank you. Each person can respond once to this consultation."}}},
                 status);
}

// The tile server and the bounds (w,s,e,n) of the consultation's wards, or of its locality's when it
// names none, for survey_fields; false when the site has no tile server or the survey no place question.
json place_map_for(const Context& ctx, const Consultation& c) {
  bool asks = std::any_of(c.survey.begin(), c.survey.end(),
                          [](const Question& q) { return q.type == QuestionType::map_point; });
  if (ctx.site.tile_url.empty() || !asks) return false;
  auto shapes = store::in_read(ctx.db, [&](store::Tx& tx) { return places::ward_shapes(tx, c.locality_id); });
  double w = 180, s = 90, e = -180, n = -90;
  auto named = [&](const std::string& code) {
    return std::find(c.ward_codes.begin(), c.ward_codes.end(), code) != c.ward_codes.end();
  };
  for (const auto& shape : shapes)
    if (c.ward_codes.empty() || named(shape.code)) {
      w = std::min(w, shape.min_lon), s = std::min(s, shape.min_lat);
      e = std::max(e, shape.max_lon), n = std::max(n, shape.max_lat);
    }
  if (w > e || s > n) return false;  // no boundaries loaded: the text field is enough
  return {{"url", ctx.site.tile_url},
          {"attribution", ctx.site.tile_attribution},
          {"bounds", fmt::format("{},{},{},{}", w, s, e, n)}};
}

Response survey_form(const Context& ctx, const Consultation& c, const FormView& form, json extra,
                     int status) {
  std::vector<std::string> follow;
  json data{
      {"title", c.title},
      {"dates", dates_text(c, ctx.clock.now())},
      {"action", consultation_href(c.id) + "/respond"},
      {"back_href", consultation_href(c.id)},
      {"questions", survey_fields(c.survey, form, place_map_for(ctx, c))},
      {"postcode",
       form.field("postcode", "Your postcode (optional)", "",
                  {.autocomplete = "postal-code",
                   .hint = "We use it only to count responses by ward and neighbourhood. We do not "
                           "publish it.",
                   .width = "10"})},
      {"email",
       form.field("email", "Your email address (optional)", "",
                  {.type = "email",
                   .autocomplete = "email",
                   .hint = ctx.actor ? "Leave blank to use your account's address."
                           : c.responders == Responders::email_confirmed
                               ? "We send you a link to confirm your response. It counts once you "
                                 "follow it."
                               : "Only if you want updates, or to be told we received your response."})},
      {"follow", form.choices("follow", "Would you like to hear from us? (optional)",
                              {{"copy", "Send me a copy of my answers", ""},
                               {"updates", "Tell me when the council publishes what it will do", ""}},
                              {}, true)},
      {"can_save", ctx.actor != nullptr},
      {"confirm_by_email", !ctx.actor && c.responders == Responders::email_confirmed},
      {"copy_note", ctx.actor ? json(false)
                              : json("Without signing in, we do not send your answers to the address you "
                                     "give: we tell it only that we received a response.")},
      {"preview", false},
      {"draft_saved", false},
      {"survey_href", false},
      {"errors", form.summary()}};
  for (auto& [k, v] : extra.items()) data[k] = v;
  return ctx.page("consultations/respond",
                  {.title = "Have your say: " + c.title,
                   .breadcrumbs = crumbs(c),
                   .has_errors = form.has_errors(),
                   .nav_current = "/consultations"},
                  std::move(data), status);
}

Response respond_page(const Request& req, Context& ctx) {
  auto id = path_id(req);
  auto [c, mine] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto c = visible(tx, ctx, id);
    auto mine = ctx.actor ? find_user_response(tx, id, ctx.actor->user_id) : std::nullopt;
    return std::pair(c, mine);
  });
  if (c.status != "published")
    return message(ctx, c,
                   {{"heading", "This consultation is not published"}, {"paragraphs", json::array()}});
  if (auto page = cannot_answer(ctx, req, c, 200)) return *page;
  if (mine && mine->status == "submitted") return already_responded(ctx, c, 200);
  json extra = json::object();
  if (req.query.get("saved")) extra["draft_saved"] = long_date(ctx.clock.now());
  if (!mine) return survey_form(ctx, c, {}, extra, 200);
  auto params = answers_as_params(c.survey, mine->answers);
  auto items = params.items();
  if (!mine->postcode.empty()) items.emplace_back("postcode", mine->postcode);
  items.emplace_back("email", mine->email);
  if (mine->wants_updates) items.emplace_back("follow", "updates");
  extra["draft_saved"] = long_date(mine->updated_at);
  return survey_form(ctx, c, FormView(web::Params(std::move(items)), {}), extra, 200);
}

Response respond_submit(const Request& req, Context& ctx) {
  auto id = path_id(req);
  auto form = req.form();
  auto c = store::in_read(ctx.db, [&](store::Tx& tx) { return visible(tx, ctx, id); });
  if (c.status != "published")
    throw web::HttpError(404, "not_found", "There is no consultation with that number.");
  if (auto page = cannot_answer(ctx, req, c, 409)) return *page;
  bool submit = form.get_or("action", "submit") != "save";
  if (!submit && !ctx.actor) return sign_in(req);
  auto follow = form.all("follow");
  ResponseForm answers{.answers = answers_from_form(c.survey, form),
                       .postcode = form.get_or("postcode", "").substr(0, 20),
                       .email = form.get_or("email", "").substr(0, 300),
                       .send_copy = std::find(follow.begin(), follow.end(), "copy") != follow.end(),
                       .wants_updates = std::find(follow.begin(), follow.end(), "updates") != follow.end()};
  if (!ctx.actor && (answers.send_copy || answers.wants_updates) &&
      !mail_limiter().allow(ctx.remote_ip(), ctx.clock.now()))
    return survey_form(ctx, c,
                       FormView(form, {{"email",
                                        "Too many responses asking for mail have come from your "
                                        "connection. Wait a minute and try again"}}),
                       json::object(), 429);
  bool burst = false;
  if (!ctx.actor && submit) {
    const auto now = ctx.clock.now();
    if (!checks().addresses.allow(ctx.remote_ip(), now))
      return survey_form(
          ctx, c,
          FormView(form, {{"email",
                           fmt::format(
                               "Too many responses have come from your "
                               "connection. Try again in {} seconds",
                               static_cast<int>(checks().addresses.retry_after(ctx.remote_ip(), now)) + 1)}}),
          json::object(), 429);
    answers.network = audit::ip_prefix(ctx.remote_ip());
    if (!checks().networks.allow(std::to_string(id) + " " + answers.network, now))
      answers.suspect_reason = "many responses from one network (" + answers.network + ")";
    burst = checks().bursts.count(id, now);
  }
  try {
    respond(ctx.db, command(ctx), id, answers, submit);
    if (burst) note_burst(ctx.db, command(ctx), id);
  } catch (const FormInvalid& e) {
    if (e.status == 422) return survey_form(ctx, c, FormView(form, e.errors), json::object(), 422);
    if (e.status == 409 && ctx.actor) return already_responded(ctx, c, 409);
    refused(e);
  }
  if (!submit) return Response::redirect(consultation_href(id) + "/respond?saved=1");
  if (!ctx.actor && c.responders == Responders::email_confirmed)
    return Response::redirect(consultation_href(id) + "/responded?confirm=1");
  return Response::redirect(consultation_href(id) + "/responded");
}

// The link in the mail that confirms an anonymous response: following it shows the address is the
// respondent's, and only then does the response count.
Response confirm_page(const Request& req, Context& ctx) {
  std::int64_t id = 0;
  try {
    id = confirm_response(ctx.db, command(ctx), req.param("token"));
  } catch (const FormInvalid& e) {
    throw web::HttpError(e.status, "not_found", e.what());
  }
  auto c = store::in_read(ctx.db, [&](store::Tx& tx) { return visible(tx, ctx, id); });
  return message(ctx, c,
                 {{"heading", "Your response is confirmed"},
                  {"panel", true},
                  {"panel_body", c.title},
                  {"paragraphs",
                   {"Thank you. Your response now counts. If you asked for a copy of your answers, it is on "
                    "its way by email."}}});
}

Response responded_page(const Request& req, Context& ctx) {
  auto c = store::in_read(ctx.db, [&](store::Tx& tx) { return visible(tx, ctx, path_id(req)); });
  if (req.query.get("confirm"))
    return message(ctx, c,
                   {{"heading", "Check your email"},
                    {"paragraphs",
                     {"We have sent you an email with a link. Your response counts once you follow it.",
                      "The link works until the consultation closes. If the email has not arrived, check "
                      "your spam folder."}}});
  return message(
      ctx, c,
      {{"heading", "Thank you for your response"},
       {"panel", true},
       {"panel_body", c.title},
       {"paragraphs",
        {"Your response has been recorded. If you asked for a copy of your answers, it is on its way "
         "to your account's email address; any other address is told only that we received a response.",
         "When the consultation closes the council reads every response and publishes what it heard "
         "and what it will do next."}},
       {"links", json::array({{{"text", "Back to the consultation"}, {"href", consultation_href(c.id)}},
                              {{"text", "See other consultations"}, {"href", "/consultations"}}})}});
}

}  // namespace

void register_respond_routes(web::Router& router) {
  router.get("/consultations/{id}/respond", respond_page);
  router.post("/consultations/{id}/respond", respond_submit);
  router.get("/consultations/{id}/responded", responded_page);
  router.get("/consultations/confirm/{token}", confirm_page);
}

}  // namespace cw::consultations
