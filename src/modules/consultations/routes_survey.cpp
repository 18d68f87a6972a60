// The survey builder: the list of questions with change, move and remove; a question's form for each
// type (options one per line, the scale and its end labels, "show this only if …"); and the preview
// of the survey exactly as respondents will see it.
#include <nlohmann/json.hpp>

#include "modules/consultations/formats.h"
#include "modules/consultations/pages.h"

namespace cw::consultations {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::FormView;
using web::HttpError;
using web::Request;
using web::Response;

std::string survey_href(std::int64_t id) {
  return consultation_href(id) + "/survey";
}

Response builder(const Context& ctx, const Consultation& c, const std::vector<web::FieldError>& errors,
                 int status) {
  FormView form({}, errors);
  json items = json::array();
  for (std::size_t i = 0; i < c.survey.size(); ++i) {
    const auto& q = c.survey[i];
    auto base = survey_href(c.id) + "/" + q.id;
    items.push_back({{"number", i + 1},
                     {"title", q.title},
                     {"type", type_info(q.type).label},
                     {"required", q.required},
                     {"condition", condition_hint(c.survey, q)},
                     {"options", q.options},
                     {"has_options", !q.options.empty()},
                     {"change_href", base},
                     {"remove_href", base + "/remove"},
                     {"move_href", base + "/move"},
                     {"first", i == 0},
                     {"last", i + 1 == c.survey.size()}});
  }
  std::vector<FormView::Choice> types;
  for (const auto& t : question_types()) types.push_back({t.slug, t.label, ""});
  return ctx.page("consultations/survey",
                  {.title = "Survey: " + c.title,
                   .breadcrumbs = crumbs(c),
                   .has_errors = form.has_errors(),
                   .nav_current = "/consultations"},
                  {{"title", c.title},
                   {"id", c.id},
                   {"items", items},
                   {"has_items", !items.empty()},
                   {"editable", c.status == "draft"},
                   {"type", form.choices("type", "Type of question", types, {"short_text"}, false)},
                   {"errors", form.summary()}},
                  status);
}

Consultation load_managed(const Context& ctx, const Request& req) {
  return store::in_read(ctx.db, [&](store::Tx& tx) { return managed_by(tx, ctx, path_id(req)); });
}

Response builder_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  return builder(ctx, load_managed(ctx, req), {}, 200);
}

// The choices for "show this only if": each option of each choice question before `position`.
std::vector<FormView::Choice> condition_choices(const Survey& s, std::size_t position) {
  std::vector<FormView::Choice> out{{"", "Always show this question", ""}};
  for (std::size_t i = 0; i < position && i < s.size(); ++i) {
    const auto& q = s[i];
    if (q.type != QuestionType::single_choice && q.type != QuestionType::multiple_choice) continue;
    auto verb = q.type == QuestionType::multiple_choice ? " includes '" : " is '";
    for (std::size_t k = 0; k < q.options.size(); ++k)
      out.push_back({q.id + "=" + std::to_string(k),
                     "Only if the answer to question " + std::to_string(i + 1) + verb + q.options[k] + "'",
                     ""});
  }
  return out;
}

std::string condition_value(const Survey& s, const Question& q) {
  if (!q.condition) return "";
  const auto* on = find_question(s, q.condition->question_id);
  if (!on) return "";
  for (std::size_t k = 0; k < on->options.size(); ++k)
    if (on->options[k] == q.condition->option) return on->id + "=" + std::to_string(k);
  return "";
}

std::string join_lines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "\n") + s;
  return out;
}

Response question_form(const Context& ctx, const Consultation& c, const Question& q, std::size_t position,
                       const web::Params& submitted, const std::vector<web::FieldError>& errors, int status) {
  FormView form(submitted, errors);
  const auto& info = type_info(q.type);
  std::vector<FormView::Choice> mins{{"0", "0", ""}, {"1", "1", ""}}, maxes;
  for (int n = 2; n <= 10; ++n) maxes.push_back({std::to_string(n), std::to_string(n), ""});
  bool is_new = q.id.empty();
  auto action = survey_href(c.id) + (is_new ? "/new?type=" + std::string(info.slug) : "/" + q.id);
  auto heading = (is_new ? "Add a question: " : "Change question " + std::to_string(position + 1) + ": ") +
                 std::string(info.label);
  json data{
      {"title", c.title},
      {"heading", heading},
      {"action", action},
      {"back_href", survey_href(c.id)},
      {"question", form.field("title", "Question", q.title)},
      {"hint", form.textarea("hint", "Hint (optional)", q.hint, "Extra words shown under the question", 2)},
      {"required", form.choices("required", "Must people answer it?",
                                {{"yes", "Yes, it is required", ""}, {"no", "No, it is optional", ""}},
                                {q.required ? "yes" : "no"}, false)},
      {"options",
       info.has_options
           ? form.textarea("options", q.type == QuestionType::ranking ? "Items to rank" : "Options",
                           join_lines(q.options), "One on each line, 2 to 20 of them", 6)
           : json(false)},
      {"scale",
       q.type == QuestionType::scale
           ? json{{"min", form.select("scale_min", "Lowest number", mins, std::to_string(q.scale_min))},
                  {"max", form.select("scale_max", "Highest number", maxes, std::to_string(q.scale_max))},
                  {"min_label", form.field("min_label", "Label of the lowest number (optional)", q.min_label,
                                           {.hint = "For example \"Very unsafe\""})},
                  {"max_label", form.field("max_label", "Label of the highest number (optional)", q.max_label,
                                           {.hint = "For example \"Very safe\""})}}
           : json(false)},
      {"condition", form.select("condition", "When to show it", condition_choices(c.survey, position),
                                condition_value(c.survey, q),
                                "Respondents without JavaScript see every question, with this condition "
                                "written under it; answers that do not apply are ignored.")},
      {"errors", form.summary()}};
  return ctx.page("consultations/question",
                  {.title = heading,
                   .breadcrumbs = crumbs(c),
                   .has_errors = form.has_errors(),
                   .nav_current = "/consultations"},
                  std::move(data), status);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    auto line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    auto b = line.find_first_not_of(" \t\r");
    if (b != std::string::npos) out.push_back(line.substr(b, line.find_last_not_of(" \t\r") - b + 1));
    if (end == std::string::npos || out.size() > kMaxOptions + 5) break;
    start = end + 1;
  }
  return out;
}

Question question_from(const web::Params& f, const Survey& s, QuestionType type, std::string id) {
  Question q;
  q.id = std::move(id);
  q.type = type;
  auto trim = [](std::string v) {
    auto b = v.find_first_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : v.substr(b, v.find_last_not_of(" \t\r\n") - b + 1);
  };
  q.title = trim(f.get_or("title", "").substr(0, 2000));
  q.hint = trim(f.get_or("hint", "").substr(0, 2000));
  q.required = f.get_or("required", "no") == "yes";
  if (type_info(type).has_options) q.options = lines(f.get_or("options", "").substr(0, 10000));
  if (type == QuestionType::scale) {
    q.scale_min = f.get_or("scale_min", "1") == "0" ? 0 : 1;
    auto max = f.get_or("scale_max", "5");
    q.scale_max = max.size() <= 2 && !max.empty() && std::all_of(max.begin(), max.end(), ::isdigit)
                      ? std::stoi(max)
                      : -1;
    q.min_label = trim(f.get_or("min_label", "").substr(0, 200));
    q.max_label = trim(f.get_or("max_label", "").substr(0, 200));
  }
  auto cond = f.get_or("condition", "");
  if (auto eq = cond.find('='); eq != std::string::npos) {
    const auto* on = find_question(s, cond.substr(0, eq));
    auto index = cond.substr(eq + 1);
    std::size_t k = index.size() <= 2 && !index.empty() && std::all_of(index.begin(), index.end(), ::isdigit)
                        ? std::stoul(index)
                        : 999;
    q.condition = Condition{cond.substr(0, eq), on && k < on->options.size() ? on->options[k] : "?"};
  } else if (!cond.empty()) {
    q.condition = Condition{"?", "?"};
  }
  return q;
}

QuestionType requested_type(const Request& req) {
  auto t = type_from(req.query.get_or("type", ""));
  if (!t) throw HttpError(400, "bad_request", "Choose a type of question from the list.", "type");
  return *t;
}

Response new_question_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto c = load_managed(ctx, req);
  Question q;
  q.type = requested_type(req);
  return question_form(ctx, c, q, c.survey.size(), {}, {}, 200);
}

const Question& existing(const Consultation& c, const Request& req) {
  const auto* q = find_question(c.survey, req.param("q"));
  if (!q) throw HttpError(404, "not_found", "There is no such question in this survey.");
  return *q;
}

Response edit_question_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto c = load_managed(ctx, req);
  const auto& q = existing(c, req);
  return question_form(ctx, c, q, question_number(c.survey, q.id) - 1, {}, {}, 200);
}

Response save_question_submit(const Request& req, Context& ctx, bool is_new) {
  if (!ctx.actor) return sign_in(req);
  auto c = load_managed(ctx, req);
  auto form = req.form();
  auto type = is_new ? requested_type(req) : existing(c, req).type;
  auto id = is_new ? std::string() : existing(c, req).id;
  auto q = question_from(form, c.survey, type, id);
  try {
    save_question(ctx.db, command(ctx), c.id, q);
    return Response::redirect(survey_href(c.id));
  } catch (const FormInvalid& e) {
    if (e.status != 422) refused(e);
    auto position = is_new ? c.survey.size() : static_cast<std::size_t>(question_number(c.survey, id) - 1);
    return question_form(ctx, c, q, position, form, e.errors, 422);
  }
}

Response new_question_submit(const Request& req, Context& ctx) {
  return save_question_submit(req, ctx, true);
}
Response edit_question_submit(const Request& req, Context& ctx) {
  return save_question_submit(req, ctx, false);
}

template <typename F>
Response change_survey(const Request& req, Context& ctx, F&& f) {
  if (!ctx.actor) return sign_in(req);
  auto id = path_id(req);
  try {
    f(id, req.param("q"));
  } catch (const FormInvalid& e) {
    if (e.status != 422) refused(e);
    auto c = load_managed(ctx, req);
    return builder(ctx, c, {{"questions", e.what()}}, 422);
  }
  return Response::redirect(survey_href(id));
}

Response remove_submit(const Request& req, Context& ctx) {
  return change_survey(
      req, ctx, [&](std::int64_t id, const std::string& q) { remove_question(ctx.db, command(ctx), id, q); });
}

Response move_submit(const Request& req, Context& ctx) {
  auto delta = req.form().get_or("direction", "down") == "up" ? -1 : 1;
  return change_survey(req, ctx, [&](std::int64_t id, const std::string& q) {
    move_question(ctx.db, command(ctx), id, q, delta);
  });
}

Response preview_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto c = load_managed(ctx, req);
  FormView form;
  json data{{"title", c.title},
            {"dates", dates_text(c, ctx.clock.now())},
            {"action", consultation_href(c.id) + "/preview"},
            {"back_href", consultation_href(c.id)},
            {"survey_href", survey_href(c.id)},
            {"questions", survey_fields(c.survey, form)},
            {"postcode", form.field("postcode", "Your postcode (optional)", "", {.width = "10"})},
            {"email", false},
            {"follow", false},
            {"preview", true},
            {"can_save", false},
            {"draft_saved", false},
            {"errors", false}};
  return ctx.page("consultations/respond",
                  {.title = "Preview: " + c.title, .breadcrumbs = crumbs(c), .nav_current = "/consultations"},
                  std::move(data));
}

}  // namespace

void register_survey_routes(web::Router& router) {
  router.get("/consultations/{id}/survey", builder_page);
  router.get("/consultations/{id}/survey/new", new_question_page);
  router.post("/consultations/{id}/survey/new", new_question_submit);
  router.get("/consultations/{id}/survey/{q}", edit_question_page);
  router.post("/consultations/{id}/survey/{q}", edit_question_submit);
  router.post("/consultations/{id}/survey/{q}/remove", remove_submit);
  router.post("/consultations/{id}/survey/{q}/move", move_submit);
  router.get("/consultations/{id}/preview", preview_page);
}

}  // namespace cw::consultations
