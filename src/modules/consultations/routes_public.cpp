// The consultations' public pages: the lists (open, closed, with outcomes; by ward and topic), each
// consultation's page and documents, "You said, we did", the Atom feed, the iCalendar of closing dates
// and the JSON API. Read-only; each handler reads in one transaction.
#include <sodium.h>

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "html/markdown.h"
#include "modules/consultations/formats.h"
#include "modules/consultations/pages.h"
#include "modules/consultations/results.h"
#include "modules/search/topics.h"

namespace cw::consultations {

namespace {

using nlohmann::json;
using web::Context;
using web::HttpError;
using web::Request;
using web::Response;

struct Listing {
  places::LocalityRef locality;
  std::vector<places::WardRef> wards;
  std::vector<Consultation> items;
};

bool shown(const Consultation& c, const std::string& show, Micros now) {
  auto p = phase(c, now);
  if (show == "open") return p == Phase::open;
  if (show == "upcoming") return p == Phase::upcoming;
  if (show == "closed") return p == Phase::closed;
  if (show == "outcomes") return p == Phase::closed && c.outcome_published_at.has_value();
  return true;
}

const std::vector<web::FormView::Choice>& show_choices() {
  static const std::vector<web::FormView::Choice> c{{"open", "Open now", ""},
                                                    {"upcoming", "Opening soon", ""},
                                                    {"closed", "Closed", ""},
                                                    {"outcomes", "Closed, with \"You said, we did\"", ""},
                                                    {"all", "All", ""}};
  return c;
}

Response list_page(const Request& req, Context& ctx) {
  auto show = req.query.get_or("show", "open");
  auto ward = req.query.get_or("ward", "");
  auto topic = req.query.get_or("topic", "");
  auto now = ctx.clock.now();
  std::vector<web::FieldError> errors;
  if (std::none_of(show_choices().begin(), show_choices().end(),
                   [&](const auto& c) { return c.value == show; }))
    errors.push_back({"show", "Choose which consultations to show from the list"});
  if (!topic.empty() && !search::topic_label(topic))
    errors.push_back({"topic", "Choose a topic from the list"});
  auto d = store::in_read(ctx.db, [&](store::Tx& tx) {
    Listing l{request_locality(tx, req), {}, {}};
    l.wards = places::ward_refs(tx, l.locality.id);
    if (!ward.empty() &&
        std::none_of(l.wards.begin(), l.wards.end(), [&](const auto& w) { return w.code == ward; }))
      errors.push_back({"ward", "Choose a ward from the list"});
    if (errors.empty())
      l.items = list_consultations(tx, {.locality_id = l.locality.id,
                                        .ward_code = ward.empty() ? std::nullopt : std::optional(ward),
                                        .topic = topic.empty() ? std::nullopt : std::optional(topic)});
    return l;
  });
  json items = json::array();
  for (const auto& c : d.items)
    if (shown(c, show, now)) items.push_back(list_item(c, now, d.wards));
  // Under the open ones, the few that closed most recently: a closed consultation is where people find
  // what came of it.
  json recent = json::array();
  if (show == "open") {
    std::vector<const Consultation*> closed;
    for (const auto& c : d.items)
      if (phase(c, now) == Phase::closed) closed.push_back(&c);
    std::sort(closed.begin(), closed.end(), [](auto* a, auto* b) { return a->ends_at > b->ends_at; });
    for (std::size_t i = 0; i < closed.size() && i < 5; ++i)
      recent.push_back(list_item(*closed[i], now, d.wards));
  }
  web::FormView form(req.query, errors);
  std::vector<web::FormView::Choice> ward_choices{{"", "Any ward", ""}}, topic_choices{{"", "Any topic", ""}};
  for (const auto& w : d.wards) ward_choices.push_back({w.code, w.name, ""});
  for (const auto& t : search::kTopics)
    topic_choices.push_back({std::string(t.slug), std::string(t.label), ""});
  json data{
      {"locality", {{"code", d.locality.code}, {"name", d.locality.name}}},
      {"filters",
       {{"show", form.select("show", "Show", show_choices(), "open")},
        {"ward", form.select("ward", "Ward", ward_choices)},
        {"topic", form.select("topic", "Topic", topic_choices)}}},
      {"items", items},
      {"recently_closed", recent},
      {"has_recently_closed", !recent.empty()},
      {"count_text", items.size() == 1 ? "1 consultation" : std::to_string(items.size()) + " consultations"},
      {"can_create", can_create(ctx.actor, d.locality.id)},
      // Absolute, for pasting into a calendar app's "subscribe" box.
      {"calendar_href", ctx.site.base_url + "/consultations/closing.ics?locality=" + d.locality.code},
      {"errors", form.summary()}};
  return ctx.page("consultations/list",
                  {.title = "Consultations in " + d.locality.name,
                   .breadcrumbs = {{"Home", "/"}},
                   .has_errors = !errors.empty(),
                   .nav_current = "/consultations"},
                  std::move(data), errors.empty() ? 200 : 400);
}

json document_items(const Consultation& c, const std::vector<Document>& docs) {
  json out = json::array();
  for (const auto& d : docs) {
    auto kb = (d.size_bytes + 1023) / 1024;
    out.push_back(
        {{"title", d.title},
         {"href", consultation_href(c.id) + "/documents/" + std::to_string(d.id)},
         {"id", d.id},
         {"size", kb >= 1024 ? std::to_string(kb / 1024) + "." + std::to_string(kb % 1024 * 10 / 1024) + " MB"
                             : std::to_string(kb) + " KB"}});
  }
  return out;
}

// What residents see of a closed consultation: how many responded, and how the answers to its closed
// questions (choices and scales) split. Free text stays with the officers.
json closed_summary(const Consultation& c, const std::vector<ResponseRow>& responses) {
  json questions = json::array();
  for (const auto& r : question_results(c, responses)) {
    auto type = r.question->type;
    if (type != QuestionType::single_choice && type != QuestionType::multiple_choice &&
        type != QuestionType::scale)
      continue;
    json options = json::array();
    for (const auto& o : r.counts)
      options.push_back(
          {{"label", o.label}, {"count", o.count}, {"percent", r.answered ? o.count * 100 / r.answered : 0}});
    questions.push_back({{"title", std::to_string(r.number) + ". " + r.question->title},
                         {"answered", r.answered == 1 ? "1 person answered"
                                                      : std::to_string(r.answered) + " people answered"},
                         {"options", std::move(options)}});
  }
  auto n = responses.size();
  return {{"responses", n == 1 ? "1 response" : std::to_string(n) + " responses"},
          {"questions", std::move(questions)},
          {"has_questions", !questions.empty()}};
}

Response consultation_page(const Request& req, Context& ctx) {
  auto id = path_id(req);
  auto now = ctx.clock.now();
  json summary = false;
  auto [c, docs, locality, wards, responses] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto c = visible(tx, ctx, id);
    auto manage = can_manage(ctx.actor, c);
    if (phase(c, now) == Phase::closed && c.status == "published")
      summary = closed_summary(c, submitted_responses(tx, id));
    return std::tuple(c, list_documents(tx, id), locality_by_id(tx, c.locality_id),
                      places::ward_refs(tx, c.locality_id), manage ? count_submitted(tx, id) : -1);
  });
  auto p = phase(c, now);
  auto manage = responses >= 0;
  json data{{"id", c.id},
            {"title", c.title},
            {"summary", c.summary},
            {"body_html", html::render_markdown(c.body)},
            {"phase", {{"text", phase_label(p)}, {"colour", phase_colour(p)}}},
            {"dates", dates_text(c, now)},
            {"open", p == Phase::open},
            {"closed", p == Phase::closed},
            {"requires_sign_in", c.responders == Responders::signed_in},
            {"confirm_by_email", c.responders == Responders::email_confirmed},
            {"wards", ward_names(c, wards, locality.name)},
            {"topics", topic_labels(c)},
            {"has_topics", !c.topics.empty()},
            {"contact", c.contact},
            {"documents", document_items(c, docs)},
            {"has_documents", !docs.empty()},
            {"outcome", c.outcome_published_at.has_value()},
            {"questions", c.survey.size()},
            {"summary_of_answers", summary},
            {"manage", manage ? json{{"draft", c.status == "draft"},
                                     {"published", c.status == "published"},
                                     {"open", p == Phase::open},
                                     {"closed", p == Phase::closed},
                                     {"responses", responses}}
                              : json(false)}};
  return ctx.page("consultations/show",
                  {.title = c.title,
                   .breadcrumbs = {{"Home", "/"}, {"Consultations", "/consultations"}},
                   .nav_current = "/consultations",
                   .description = c.summary.empty() ? "A consultation: " + c.title + ". " + dates_text(c, now)
                                                    : c.summary},
                  std::move(data));
}

Response document_file(const Request& req, Context& ctx) {
  auto id = path_id(req);
  auto doc_id = path_id(req, "doc");
  auto doc = store::in_read(ctx.db, [&](store::Tx& tx) {
    visible(tx, ctx, id);
    return find_document(tx, id, doc_id);
  });
  if (!doc) throw HttpError(404, "not_found", "There is no such document: it may have been removed.");
  std::string bytes(doc->data_base64.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), doc->data_base64.data(),
                        doc->data_base64.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    throw std::runtime_error("a stored document is not valid base64");
  bytes.resize(len);
  auto res = Response::text(std::move(bytes), "application/pdf");
  res.set("Content-Disposition", "attachment; filename=\"" + doc->filename + "\"");
  res.set("X-Content-Type-Options", "nosniff");
  return res;
}

Response outcome_page(const Request& req, Context& ctx) {
  auto c = store::in_read(ctx.db, [&](store::Tx& tx) { return visible(tx, ctx, path_id(req)); });
  bool preview = !c.outcome_published_at;
  if (preview && !can_manage(ctx.actor, c))
    throw HttpError(404, "not_found",
                    "The council has not published \"You said, we did\" for this consultation yet.");
  auto bc = crumbs(c);
  return ctx.page(
      "consultations/outcome",
      {.title = "You said, we did: " + c.title, .breadcrumbs = bc, .nav_current = "/consultations"},
      {{"title", c.title},
       {"href", consultation_href(c.id)},
       {"preview", preview},
       {"just_published", !preview && req.query.get("published").has_value() && can_manage(ctx.actor, c)},
       {"published", c.outcome_published_at ? long_date(*c.outcome_published_at) : ""},
       {"outcome_html", html::render_markdown(c.outcome)}});
}

std::vector<Consultation> published(store::Tx& tx, const places::LocalityRef& l) {
  return list_consultations(tx, {.locality_id = l.id});
}

Response feed(const Request& req, Context& ctx) {
  auto [locality, items] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = request_locality(tx, req);
    return std::pair(l, published(tx, l));
  });
  std::sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return a.updated_at > b.updated_at; });
  if (items.size() > 50) items.resize(50);
  auto now = ctx.clock.now();
  const auto& base = ctx.site.base_url;
  json entries = json::array();
  for (const auto& c : items)
    entries.push_back({{"title", c.title + " (" + phase_label(phase(c, now)) + ")"},
                       {"id", base + consultation_href(c.id)},
                       {"link", base + consultation_href(c.id)},
                       {"updated", civil::iso_time(c.updated_at)},
                       {"summary", c.summary + " " + dates_text(c, now) + "."}});
  json data{{"title", "Consultations in " + locality.name},
            {"id", base + "/consultations/feed.atom?locality=" + locality.code},
            {"self", base + "/consultations/feed.atom?locality=" + locality.code},
            {"alternate", base + "/consultations"},
            {"updated", civil::iso_time(items.empty() ? now : items.front().updated_at)},
            {"entries", entries}};
  return Response::text(ctx.views.render("consultations/feed.atom", data),
                        "application/atom+xml; charset=utf-8");
}

Response closing_calendar(const Request& req, Context& ctx) {
  auto [locality, items] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = request_locality(tx, req);
    return std::pair(l, published(tx, l));
  });
  auto host = web::url_origin(ctx.site.base_url);
  auto at = host.find("://");
  host = at == std::string::npos ? "commonweal" : host.substr(at + 3);
  std::vector<CalendarEvent> events;
  for (const auto& c : items)
    events.push_back({"consultation-" + std::to_string(c.id) + "@" + host, last_day(c),
                      "Last day to respond: " + c.title, c.summary,
                      ctx.site.base_url + consultation_href(c.id)});
  auto res =
      Response::text(ical_calendar("Consultations closing in " + locality.name, events, ctx.clock.now()),
                     "text/calendar; charset=utf-8");
  res.set("Content-Disposition", "inline; filename=\"consultations-closing.ics\"");
  return res;
}

Response api_list(const Request& req, Context& ctx) {
  auto [locality, items] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = request_locality(tx, req);
    return std::pair(l, published(tx, l));
  });
  auto now = ctx.clock.now();
  json out = json::array();
  for (const auto& c : items)
    out.push_back({{"id", c.id},
                   {"url", ctx.site.base_url + consultation_href(c.id)},
                   {"title", c.title},
                   {"summary", c.summary},
                   {"status", phase_slug(phase(c, now))},
                   {"opens", civil::iso_time(c.starts_at)},
                   {"closes", civil::iso_time(c.ends_at)},
                   {"wards", c.ward_codes},
                   {"topics", c.topics},
                   {"has_outcome", c.outcome_published_at.has_value()}});
  return Response::json(json_text(json{{"locality", locality.code}, {"consultations", out}}));
}

Response api_one(const Request& req, Context& ctx) {
  auto id = path_id(req);
  auto [c, docs] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto c = find_consultation(tx, id);
    if (!c || c->status != "published")
      throw HttpError(404, "not_found", "There is no consultation with that number.");
    return std::pair(*c, list_documents(tx, id));
  });
  return Response::json(json_text(consultation_json(c, ctx.clock.now(), docs, ctx.site.base_url)));
}

}  // namespace

void register_public_routes(web::Router& router) {
  router.get("/consultations", list_page);
  router.get("/consultations/feed.atom", feed);
  router.get("/consultations/closing.ics", closing_calendar);
  router.get("/consultations/{id}", consultation_page);
  router.get("/consultations/{id}/documents/{doc}", document_file);
  router.get("/consultations/{id}/outcome", outcome_page);
  router.get("/api/v1/consultations", api_list,
             {.api = true, .summary = "Published consultations of a locality (?locality=CODE)"});
  router.get(
      "/api/v1/consultations/{id}", api_one,
      {.api = true, .summary = "One published consultation with its questions, documents and outcome"});
}

}  // namespace cw::consultations
