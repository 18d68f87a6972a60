#include "modules/consultations/survey.h"
#include "common/json_text.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace cw::consultations {

namespace {

using nlohmann::json;
using web::FieldError;

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Characters, not bytes, as people count them.
std::size_t chars(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool is_choice(QuestionType t) {
  return t == QuestionType::single_choice || t == QuestionType::multiple_choice;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::optional<int> small_int(std::string_view s) {
  if (s.empty() || s.size() > 3) return std::nullopt;
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::optional<double> degrees(const std::string& s, double lo, double hi) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  try {
    std::size_t used = 0;
    double d = std::stod(s, &used);
    if (used != s.size() || d < lo || d > hi) return std::nullopt;
    return d;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void check_options(const Question& q, std::vector<FieldError>& errors) {
  if (q.options.size() < 2) {
    errors.push_back({"options", "Enter at least 2 options, one on each line"});
    return;
  }
  if (q.options.size() > kMaxOptions)
    errors.push_back({"options", "Enter no more than " + std::to_string(kMaxOptions) + " options"});
  std::set<std::string> seen;
  for (const auto& o : q.options) {
    if (chars(o) > 200) errors.push_back({"options", "Each option must be 200 characters or fewer"});
    if (!seen.insert(o).second)
      errors.push_back(
          {"options", "Options must all be different: \"" + o.substr(0, 60) + "\" is there twice"});
  }
}

void check_scale(const Question& q, std::vector<FieldError>& errors) {
  if (q.scale_min != 0 && q.scale_min != 1) errors.push_back({"scale_min", "The scale must start at 0 or 1"});
  if (q.scale_max < 2 || q.scale_max > 10 || q.scale_max <= q.scale_min)
    errors.push_back({"scale_max", "The scale must end at a number from 2 to 10"});
  if (chars(q.min_label) > 50) errors.push_back({"min_label", "The label must be 50 characters or fewer"});
  if (chars(q.max_label) > 50) errors.push_back({"max_label", "The label must be 50 characters or fewer"});
}

void check_condition(const Survey& survey, std::size_t position, const Question& q,
                     std::vector<FieldError>& errors) {
  if (!q.condition) return;
  const Question* on = nullptr;
  for (std::size_t i = 0; i < position && i < survey.size(); ++i)
    if (survey[i].id == q.condition->question_id) on = &survey[i];
  if (!on || !is_choice(on->type))
    errors.push_back({"condition", "Choose an earlier single or multiple choice question for the condition"});
  else if (!contains(on->options, q.condition->option))
    errors.push_back({"condition", "Choose one of the earlier question's options for the condition"});
}

json question_json(const Question& q) {
  json j{{"id", q.id},
         {"type", type_info(q.type).slug},
         {"title", q.title},
         {"hint", q.hint},
         {"required", q.required},
         {"options", q.options},
         {"scale_min", q.scale_min},
         {"scale_max", q.scale_max},
         {"min_label", q.min_label},
         {"max_label", q.max_label}};
  if (q.condition) j["condition"] = {{"question", q.condition->question_id}, {"option", q.condition->option}};
  return j;
}

Question question_from(const json& j) {
  Question q;
  q.id = j.at("id").get<std::string>();
  auto type = type_from(j.at("type").get<std::string>());
  if (!type) throw std::runtime_error("a stored survey has an unknown question type");
  q.type = *type;
  q.title = j.value("title", "");
  q.hint = j.value("hint", "");
  q.required = j.value("required", false);
  q.options = j.value("options", std::vector<std::string>{});
  q.scale_min = j.value("scale_min", 1);
  q.scale_max = j.value("scale_max", 5);
  q.min_label = j.value("min_label", "");
  q.max_label = j.value("max_label", "");
  if (j.contains("condition"))
    q.condition = Condition{j["condition"].at("question").get<std::string>(),
                            j["condition"].at("option").get<std::string>()};
  return q;
}

// The ranks given to a ranking question's options ("q4-1" = the rank of option 1) as the options in
// rank order; empty when nothing was ranked, nullopt when the ranks are not 1…n each once.
std::optional<std::vector<std::string>> ranking_from_form(const Question& q, const web::Params& form,
                                                          bool& any) {
  std::vector<std::string> ordered(q.options.size());
  any = false;
  for (std::size_t i = 0; i < q.options.size(); ++i) {
    auto v = trim(form.get_or(q.id + "-" + std::to_string(i + 1), ""));
    if (v.empty()) continue;
    any = true;
    auto rank = small_int(v);
    if (!rank || *rank < 1 || *rank > static_cast<int>(q.options.size()) || !ordered[*rank - 1].empty())
      return std::nullopt;
    ordered[*rank - 1] = q.options[i];
  }
  return ordered;
}

}  // namespace

const std::vector<QuestionTypeInfo>& question_types() {
  static const std::vector<QuestionTypeInfo> types{
      {QuestionType::short_text, "short_text", "Short text (one line)", false},
      {QuestionType::long_text, "long_text", "Long text (a paragraph or more)", false},
      {QuestionType::single_choice, "single_choice", "Single choice (choose one)", true},
      {QuestionType::multiple_choice, "multiple_choice", "Multiple choice (choose any)", true},
      {QuestionType::scale, "scale", "Scale (for example 1 to 5)", false},
      {QuestionType::ranking, "ranking", "Ranking (put options in order)", true},
      {QuestionType::map_point, "map_point", "A place (a postcode or a description)", false},
  };
  return types;
}

const QuestionTypeInfo& type_info(QuestionType t) {
  for (const auto& i : question_types())
    if (i.type == t) return i;
  throw std::logic_error("unknown question type");
}

std::optional<QuestionType> type_from(std::string_view slug) {
  for (const auto& i : question_types())
    if (slug == i.slug) return i.type;
  return std::nullopt;
}

std::string survey_to_json(const Survey& s) {
  json a = json::array();
  for (const auto& q : s) a.push_back(question_json(q));
  return json_text(a);
}

Survey survey_from_json(std::string_view text) {
  try {
    Survey s;
    for (const auto& j : json::parse(text)) s.push_back(question_from(j));
    return s;
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("a stored survey is malformed: ") + e.what());
  }
}

std::string answers_to_json(const Answers& a) {
  return json_text(json(a));
}

Answers answers_from_json(std::string_view text) {
  try {
    return json::parse(text).get<Answers>();
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("stored answers are malformed: ") + e.what());
  }
}

std::vector<FieldError> check_question(const Survey& survey, std::size_t position, const Question& q) {
  std::vector<FieldError> errors;
  if (q.title.empty()) errors.push_back({"title", "Enter the question"});
  if (chars(q.title) > 300) errors.push_back({"title", "The question must be 300 characters or fewer"});
  if (chars(q.hint) > 500) errors.push_back({"hint", "The hint must be 500 characters or fewer"});
  if (type_info(q.type).has_options) check_options(q, errors);
  if (q.type == QuestionType::scale) check_scale(q, errors);
  check_condition(survey, position, q, errors);
  return errors;
}

std::vector<FieldError> check_survey(const Survey& survey) {
  std::vector<FieldError> errors;
  if (survey.empty()) errors.push_back({"survey", "Add at least one question to the survey"});
  if (survey.size() > kMaxQuestions)
    errors.push_back({"survey", "A survey can have at most " + std::to_string(kMaxQuestions) + " questions"});
  std::set<std::string> ids;
  for (std::size_t i = 0; i < survey.size(); ++i) {
    if (!ids.insert(survey[i].id).second) errors.push_back({"survey", "Two questions share one id"});
    for (const auto& e : check_question(survey, i, survey[i]))
      errors.push_back({"survey", "Question " + std::to_string(i + 1) + ": " + e.message});
  }
  return errors;
}

std::string next_question_id(const Survey& survey) {
  int highest = 0;
  for (const auto& q : survey)
    if (q.id.size() > 1 && q.id[0] == 'q')
      if (auto n = small_int(q.id.substr(1))) highest = std::max(highest, *n);
  return "q" + std::to_string(highest + 1);
}

int question_number(const Survey& survey, std::string_view id) {
  for (std::size_t i = 0; i < survey.size(); ++i)
    if (survey[i].id == id) return static_cast<int>(i + 1);
  return 0;
}

const Question* find_question(const Survey& survey, std::string_view id) {
  for (const auto& q : survey)
    if (q.id == id) return &q;
  return nullptr;
}

namespace {

// Every condition points at an earlier question that still exists.
bool conditions_hold(const Survey& s) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i].condition && question_number(s, s[i].condition->question_id) - 1 >= static_cast<int>(i))
      return false;
    else if (s[i].condition && question_number(s, s[i].condition->question_id) == 0)
      return false;
  return true;
}

}  // namespace

Survey remove_question(const Survey& survey, std::string_view id) {
  Survey out;
  for (const auto& q : survey)
    if (q.id != id) out.push_back(q);
  if (out.size() == survey.size()) throw web::FormInvalid("question", "There is no such question", 404);
  if (!conditions_hold(out))
    throw web::FormInvalid("question",
                           "A later question is shown only after an answer to this one: change or remove "
                           "that condition first");
  return out;
}

Survey move_question(const Survey& survey, std::string_view id, int delta) {
  Survey out = survey;
  auto at = question_number(out, id) - 1;
  if (at < 0) throw web::FormInvalid("question", "There is no such question", 404);
  auto to = at + delta;
  if (to < 0 || to >= static_cast<int>(out.size())) return out;
  std::swap(out[at], out[to]);
  if (!conditions_hold(out))
    throw web::FormInvalid("question", "That move would put a question before the answer it depends on");
  return out;
}

std::string condition_hint(const Survey& survey, const Question& q) {
  if (!q.condition) return {};
  const auto* on = find_question(survey, q.condition->question_id);
  auto verb = on && on->type == QuestionType::multiple_choice ? "ticked" : "chose";
  return "Answer this if you " + std::string(verb) + " '" + q.condition->option + "' in question " +
         std::to_string(question_number(survey, q.condition->question_id)) + ".";
}

bool applies(const Survey& survey, const Question& q, const Answers& answers) {
  if (!q.condition) return true;
  const auto* on = find_question(survey, q.condition->question_id);
  if (!on || on == &q || !applies(survey, *on, answers)) return false;
  auto it = answers.find(on->id);
  return it != answers.end() && contains(it->second, q.condition->option);
}

Answers answers_from_form(const Survey& survey, const web::Params& form) {
  Answers out;
  for (const auto& q : survey) {
    std::vector<std::string> values;
    if (q.type == QuestionType::ranking) {
      bool any = false;
      auto ranked = ranking_from_form(q, form, any);
      if (!any) continue;
      // A malformed ranking is kept as sent so check_response can say what is wrong.
      if (!ranked) {
        out[q.id] = {"!invalid"};
        continue;
      }
      values = *ranked;
    } else if (q.type == QuestionType::map_point) {
      auto place = trim(form.get_or(q.id, ""));
      auto lat = trim(form.get_or(q.id + "-lat", ""));
      auto lon = trim(form.get_or(q.id + "-lon", ""));
      if (place.empty() && lat.empty()) continue;
      values = {place, lat, lon};
    } else {
      for (auto& v : form.all(q.id))
        if (auto t = trim(v); !t.empty()) values.push_back(t);
    }
    if (!values.empty()) out[q.id] = std::move(values);
  }
  return out;
}

namespace {

// The message for one answer that breaks its question's limits, or "".
std::string answer_problem(const Question& q, const std::vector<std::string>& v) {
  auto n = static_cast<int>(v.size());
  switch (q.type) {
    case QuestionType::short_text:
      return n != 1 || chars(v[0]) > kMaxShortAnswer ? "Your answer must be 500 characters or fewer" : "";
    case QuestionType::long_text:
      return n != 1 || chars(v[0]) > kMaxLongAnswer ? "Your answer must be 5,000 characters or fewer" : "";
    case QuestionType::single_choice:
      return n != 1 || !contains(q.options, v[0]) ? "Choose one of the options" : "";
    case QuestionType::multiple_choice: {
      std::set<std::string> seen;
      for (const auto& x : v)
        if (!contains(q.options, x) || !seen.insert(x).second) return "Choose from the options given";
      return "";
    }
    case QuestionType::scale: {
      auto x = n == 1 ? small_int(v[0]) : std::nullopt;
      return !x || *x < q.scale_min || *x > q.scale_max ? "Choose a number on the scale" : "";
    }
    case QuestionType::ranking: {
      if (v.size() != q.options.size())
        return "Give each option a different number from 1 to " + std::to_string(q.options.size());
      for (const auto& x : v)
        if (x.empty() || !contains(q.options, x))
          return "Give each option a different number from 1 to " + std::to_string(q.options.size());
      return "";
    }
    case QuestionType::map_point: {
      if (n != 3 || chars(v[0]) > kMaxShortAnswer) return "The place must be 500 characters or fewer";
      if (v[1].empty() != v[2].empty()) return "Give both the latitude and the longitude, or neither";
      if (!v[1].empty() && (!degrees(v[1], 49, 61) || !degrees(v[2], -9, 2.5)))
        return "The point on the map must be in the UK";
      if (v[0].empty() && v[1].empty()) return "Enter a postcode or describe the place";
      return "";
    }
  }
  return "";
}

}  // namespace

CheckedResponse check_response(const Survey& survey, const Answers& answers, bool complete) {
  CheckedResponse out;
  for (const auto& q : survey) {
    if (!applies(survey, q, answers)) continue;
    auto it = answers.find(q.id);
    if (it == answers.end() || it->second.empty()) {
      if (complete && q.required)
        out.errors.push_back(
            {error_field(q),
             q.type == QuestionType::multiple_choice
                 ? "Tick at least one answer to question " + std::to_string(question_number(survey, q.id))
                 : "Answer question " + std::to_string(question_number(survey, q.id))});
      continue;
    }
    if (auto problem = answer_problem(q, it->second); !problem.empty()) {
      out.errors.push_back({error_field(q), problem});
      continue;
    }
    out.answers[q.id] = it->second;
  }
  return out;
}

std::string error_field(const Question& q) {
  return q.type == QuestionType::ranking ? q.id + "-1" : q.id;
}

std::string answer_text(const Question& q, const std::vector<std::string>& values) {
  std::string out;
  if (q.type == QuestionType::ranking) {
    for (std::size_t i = 0; i < values.size(); ++i)
      out += (i ? " " : "") + std::to_string(i + 1) + ". " + values[i];
    return out;
  }
  if (q.type == QuestionType::map_point && values.size() == 3) {
    out = values[0];
    if (!values[1].empty())
      out += (out.empty() ? "" : " ") + std::string("(") + values[1] + ", " + values[2] + ")";
    return out;
  }
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "; " : "") + values[i];
  if (q.type == QuestionType::scale && values.size() == 1) {
    auto n = small_int(values[0]);
    if (n && *n == q.scale_min && !q.min_label.empty()) out += " (" + q.min_label + ")";
    if (n && *n == q.scale_max && !q.max_label.empty()) out += " (" + q.max_label + ")";
  }
  return out;
}

}  // namespace cw::consultations
