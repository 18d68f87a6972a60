// A consultation's survey and its rules: the questions an officer builds (types, options, scales,
// "show this if an earlier answer is …" conditions), which questions apply given the answers so far,
// and whether a response is complete and within limits. Plain values and pure functions, no database or
// HTTP, so the rules are unit tested on their own; safe from any thread.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/forms.h"
#include "web/http.h"

namespace cw::consultations {

enum class QuestionType { short_text, long_text, single_choice, multiple_choice, scale, ranking, map_point };

struct QuestionTypeInfo {
  QuestionType type;
  const char* slug;   // stored and in URLs: "single_choice"
  const char* label;  // shown: "Single choice (radios)"
  bool has_options;   // single, multiple choice and ranking
};
const std::vector<QuestionTypeInfo>& question_types();
const QuestionTypeInfo& type_info(QuestionType t);
std::optional<QuestionType> type_from(std::string_view slug);

// "Show this question only if question `question_id` is (or, for multiple choice, includes) `option`."
struct Condition {
  std::string question_id;
  std::string option;
  bool operator==(const Condition&) const = default;
};

struct Question {
  std::string id;  // "q1", "q2" …: stable, never reused within a survey; the form field's name
  QuestionType type = QuestionType::short_text;
  std::string title, hint;
  bool required = false;
  std::vector<std::string> options;  // choices, or the items to rank
  int scale_min = 1, scale_max = 5;
  std::string min_label, max_label;  // "Very unsafe" … "Very safe"
  std::optional<Condition> condition;
};

using Survey = std::vector<Question>;
// A response: question id → values. Text and single choice have one value; multiple choice the ticked
// options; scale the number; ranking the options in the order ranked; a map point {place, lat, lon}.
using Answers = std::map<std::string, std::vector<std::string>>;

inline constexpr std::size_t kMaxQuestions = 50;
inline constexpr std::size_t kMaxOptions = 20;
inline constexpr std::size_t kMaxShortAnswer = 500;
inline constexpr std::size_t kMaxLongAnswer = 5000;

// JSON as stored in consultations.survey and answered by the API. Reading throws std::runtime_error
// on a malformed document (it is written only by this module).
std::string survey_to_json(const Survey& s);
Survey survey_from_json(std::string_view json);
std::string answers_to_json(const Answers& a);
Answers answers_from_json(std::string_view json);

// Checks one question as it would stand at `position` in `survey` (conditions may refer only to an
// earlier choice question and one of its options). Field names match the question form.
std::vector<web::FieldError> check_question(const Survey& survey, std::size_t position, const Question& q);
// Checks a whole survey definition: at least one question, at most kMaxQuestions, each question valid
// where it stands, ids unique. Publishing requires it to be empty.
std::vector<web::FieldError> check_survey(const Survey& survey);
// The next unused id ("q7" after "q6", even if "q3" was removed).
std::string next_question_id(const Survey& survey);
// The question numbered as respondents see it (1-based position), or 0 when unknown.
int question_number(const Survey& survey, std::string_view id);
const Question* find_question(const Survey& survey, std::string_view id);
// Refuses (FieldError on "question") to remove or move a question when a condition would then point
// at a missing or later question. Returns the survey changed.
Survey remove_question(const Survey& survey, std::string_view id);
Survey move_question(const Survey& survey, std::string_view id, int delta);

// "Answer this if you chose 'Yes' to question 2" — the hint a respondent without JavaScript reads.
std::string condition_hint(const Survey& survey, const Question& q);

// Whether each question applies given `answers`: one without a condition does; one with a condition
// does when the question it depends on applies and its answer is or includes the option.
bool applies(const Survey& survey, const Question& q, const Answers& answers);

// Reads the answers from a submitted form: field `id` for text, choices and scale (repeated for
// multiple choice); `id-1` … `id-n` (the rank given to each option) for ranking; `id` (postcode or a
// description of the place), `id-lat` and `id-lon` for a map point. Blank values are left out.
Answers answers_from_form(const Survey& survey, const web::Params& form);

struct CheckedResponse {
  Answers answers;  // only the answers to questions that apply, tidied (trimmed)
  std::vector<web::FieldError> errors;
};
// Checks a response: answers to questions that do not apply are dropped; every answer must be within
// its limits (lengths, known options, the scale, a ranking with each rank once). With `complete`,
// required questions that apply must be answered too (a saved draft need not be complete).
CheckedResponse check_response(const Survey& survey, const Answers& answers, bool complete);

// The field a question's error links to (its first input), e.g. "q3" or "q4-1".
std::string error_field(const Question& q);
// One answer as a line of text: "Walking; Bus", "4 (Very safe)", "1. Parks 2. Libraries".
std::string answer_text(const Question& q, const std::vector<std::string>& values);

}  // namespace cw::consultations
