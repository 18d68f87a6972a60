#include "modules/consultations/pages.h"

#include "modules/consultations/formats.h"
#include "modules/places/request_locality.h"
#include "modules/search/topics.h"
#include "web/path_number.h"

namespace cw::consultations {

using nlohmann::json;
using web::HttpError;

places::LocalityRef request_locality(store::Tx& tx, const web::Request& req) {
  return places::request_locality(tx, req, "No area has been loaded yet, so there are no consultations.");
}

places::LocalityRef locality_by_id(store::Tx& tx, std::int64_t id) {
  return places::locality_by_id(tx, id);
}

std::int64_t path_id(const web::Request& req, const char* name) {
  return web::path_number(req, name, "There is no consultation with that number.");
}

Consultation visible(store::Tx& tx, const web::Context& ctx, std::int64_t id) {
  auto c = find_consultation(tx, id);
  if (!c || !can_view(ctx.actor, *c))
    throw HttpError(404, "not_found",
                    "There is no consultation with that number: it may have been withdrawn.");
  return *c;
}

Consultation managed_by(store::Tx& tx, const web::Context& ctx, std::int64_t id) {
  auto c = visible(tx, ctx, id);
  if (!can_manage(ctx.actor, c)) throw HttpError(403, "forbidden", "You cannot change this consultation.");
  return c;
}

void refused(const web::FormInvalid& e) {
  const char* code = e.status == 403 ? "forbidden" : e.status == 404 ? "not_found" : "conflict";
  throw HttpError(e.status == 422 ? 409 : e.status, code, e.what());
}

web::Response sign_in(const web::Request& req) {
  return web::Response::redirect("/account/sign-in?next=" + web::percent_encode(req.target.substr(0, 500)));
}

std::string consultation_href(std::int64_t id) {
  return "/consultations/" + std::to_string(id);
}

std::vector<web::Breadcrumb> crumbs(const Consultation& c) {
  return {{"Home", "/"}, {"Consultations", "/consultations"}, {c.title, consultation_href(c.id)}};
}

std::string dates_text(const Consultation& c, Micros now) {
  switch (phase(c, now)) {
    case Phase::upcoming:
      return "Opens on " + long_date(c.starts_at) + ", closes at the end of " + long_date(last_day(c));
    case Phase::open:
      return civil::open_until_text(c.ends_at);
    case Phase::closed:
      return civil::closed_text(c.ends_at);
    default:
      return "Planned from " + long_date(c.starts_at) + " to " + long_date(last_day(c));
  }
}

std::vector<std::string> ward_names(const Consultation& c, const std::vector<places::WardRef>& wards,
                                    const std::string& locality_name) {
  std::vector<std::string> out;
  for (const auto& code : c.ward_codes)
    for (const auto& w : wards)
      if (w.code == code) out.push_back(w.name);
  if (out.empty()) out.push_back("The whole of " + locality_name);
  return out;
}

std::vector<std::string> topic_labels(const Consultation& c) {
  std::vector<std::string> out;
  for (const auto& t : c.topics)
    if (auto l = search::topic_label(t)) out.emplace_back(*l);
  return out;
}

json list_item(const Consultation& c, Micros now, const std::vector<places::WardRef>& wards) {
  auto p = phase(c, now);
  std::string where;
  for (const auto& n : ward_names(c, wards, "the area")) where += (where.empty() ? "" : ", ") + n;
  return {{"id", c.id},
          {"href", consultation_href(c.id)},
          {"title", c.title},
          {"summary", c.summary},
          {"phase", {{"text", phase_label(p)}, {"colour", phase_colour(p)}}},
          {"dates", dates_text(c, now)},
          {"wards", where},
          {"outcome", c.outcome_published_at.has_value()}};
}

namespace {

std::string label_of(const Question& q, int number) {
  return std::to_string(number) + ". " + q.title + (q.required ? "" : " (optional)");
}

std::string hint_of(const Survey& s, const Question& q) {
  auto hint = q.hint;
  auto cond = condition_hint(s, q);
  if (!cond.empty()) hint += (hint.empty() ? "" : " ") + cond;
  return hint;
}

std::vector<web::FormView::Choice> scale_choices(const Question& q) {
  std::vector<web::FormView::Choice> out;
  for (int n = q.scale_min; n <= q.scale_max; ++n) {
    std::string text = std::to_string(n);
    if (n == q.scale_min && !q.min_label.empty()) text += " – " + q.min_label;
    if (n == q.scale_max && !q.max_label.empty()) text += " – " + q.max_label;
    out.push_back({std::to_string(n), text, ""});
  }
  return out;
}

json ranking_field(const Question& q, const std::string& label, const std::string& hint,
                   const web::FormView& form) {
  std::vector<web::FormView::Choice> ranks{{"", "Choose a number", ""}};
  for (std::size_t i = 1; i <= q.options.size(); ++i)
    ranks.push_back({std::to_string(i), std::to_string(i), ""});
  json items = json::array();
  for (std::size_t i = 0; i < q.options.size(); ++i) {
    auto field = form.select(q.id + "-" + std::to_string(i + 1), q.options[i], ranks);
    field["error"] = false;  // the fieldset shows the question's one error
    items.push_back(field);
  }
  auto error = form.error_for(q.id + "-1");
  auto full_hint =
      "Give each a different number, 1 for the most important." + (hint.empty() ? "" : " " + hint);
  return {{"id", q.id},
          {"legend", label},
          {"hint", full_hint},
          {"error", error.empty() ? json(false) : json(error)},
          {"items", items}};
}

}  // namespace

json survey_fields(const Survey& survey, const web::FormView& form, const json& place_map) {
  json out = json::array();
  for (std::size_t i = 0; i < survey.size(); ++i) {
    const auto& q = survey[i];
    auto label = label_of(q, static_cast<int>(i + 1));
    auto hint = hint_of(survey, q);
    json entry{{"short", false},   {"long", false}, {"choice", false},
               {"ranking", false}, {"map", false},  {"conditional", q.condition.has_value()},
               {"id", q.id}};
    // With JavaScript the question appears only once its condition's answer is given (app.mjs).
    entry["show_when"] = q.condition
                             ? json{{"question", q.condition->question_id}, {"option", q.condition->option}}
                             : json(false);
    std::vector<web::FormView::Choice> options;
    for (const auto& o : q.options) options.push_back({o, o, ""});
    switch (q.type) {
      case QuestionType::short_text:
        entry["short"] = form.field(q.id, label, "", {.hint = hint});
        break;
      case QuestionType::long_text:
        entry["long"] = form.textarea(q.id, label, "", hint, 6);
        break;
      case QuestionType::single_choice:
        entry["choice"] = form.choices(q.id, label, options, {}, false, hint);
        break;
      case QuestionType::multiple_choice:
        entry["choice"] =
            form.choices(q.id, label, options, {}, true,
                         hint.empty() ? "Tick all that apply." : "Tick all that apply. " + hint);
        break;
      case QuestionType::scale:
        entry["choice"] = form.choices(q.id, label, scale_choices(q), {}, false, hint);
        break;
      case QuestionType::ranking:
        entry["ranking"] = ranking_field(q, label, hint, form);
        break;
      case QuestionType::map_point: {
        auto where =
            "Enter a postcode, or describe the place (for example \"the crossing outside the library\")." +
            (hint.empty() ? "" : " " + hint);
        // A refused point is not sent back: without JavaScript nobody could clear a hidden field.
        bool point_refused = !form.error_for(q.id).empty();
        entry["map"] = {{"place", form.field(q.id, label, "", {.hint = where})},
                        {"lat_name", q.id + "-lat"},
                        {"lon_name", q.id + "-lon"},
                        {"lat", point_refused ? json(false) : form.field(q.id + "-lat", "")["value"]},
                        {"lon", point_refused ? json(false) : form.field(q.id + "-lon", "")["value"]},
                        {"tiles", place_map}};
        break;
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

web::Params answers_as_params(const Survey& survey, const Answers& answers) {
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& q : survey) {
    auto it = answers.find(q.id);
    if (it == answers.end()) continue;
    const auto& v = it->second;
    if (q.type == QuestionType::ranking) {
      for (std::size_t i = 0; i < q.options.size(); ++i)
        for (std::size_t pos = 0; pos < v.size(); ++pos)
          if (v[pos] == q.options[i])
            items.emplace_back(q.id + "-" + std::to_string(i + 1), std::to_string(pos + 1));
    } else if (q.type == QuestionType::map_point && v.size() == 3) {
      items.emplace_back(q.id, v[0]);
      items.emplace_back(q.id + "-lat", v[1]);
      items.emplace_back(q.id + "-lon", v[2]);
    } else {
      for (const auto& x : v) items.emplace_back(q.id, x);
    }
  }
  return web::Params(std::move(items));
}

json consultation_json(const Consultation& c, Micros now, const std::vector<Document>& documents,
                       const std::string& base_url) {
  json questions = json::array();
  for (const auto& q : c.survey) {
    json j{{"id", q.id},     {"type", type_info(q.type).slug}, {"title", q.title},
           {"hint", q.hint}, {"required", q.required},         {"options", q.options}};
    if (q.type == QuestionType::scale)
      j["scale"] = {
          {"min", q.scale_min}, {"max", q.scale_max}, {"min_label", q.min_label}, {"max_label", q.max_label}};
    if (q.condition)
      j["condition"] = {{"question", q.condition->question_id}, {"option", q.condition->option}};
    questions.push_back(j);
  }
  json docs = json::array();
  for (const auto& d : documents)
    docs.push_back({{"title", d.title},
                    {"size_bytes", d.size_bytes},
                    {"url", base_url + consultation_href(c.id) + "/documents/" + std::to_string(d.id)}});
  return {{"id", c.id},
          {"url", base_url + consultation_href(c.id)},
          {"title", c.title},
          {"summary", c.summary},
          {"body_markdown", c.body},
          {"contact", c.contact},
          {"status", phase_slug(phase(c, now))},
          {"opens", civil::iso_time(c.starts_at)},
          {"closes", civil::iso_time(c.ends_at)},
          {"requires_sign_in", c.responders == Responders::signed_in},
          {"who_may_respond", responders_slug(c.responders)},
          {"wards", c.ward_codes},
          {"topics", c.topics},
          {"questions", questions},
          {"documents", docs},
          {"outcome_markdown", c.outcome_published_at ? json(c.outcome) : json(nullptr)},
          {"outcome_published",
           c.outcome_published_at ? json(civil::iso_time(*c.outcome_published_at)) : json(nullptr)}};
}

}  // namespace cw::consultations
