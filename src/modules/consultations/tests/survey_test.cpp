// The survey's rules without a database: which questions apply given the answers, a survey definition's
// checks (conditions only on earlier choice questions), reading answers from a form and checking a
// response (required, limits, options, scale, ranking), and the JSON kept in the database.
#include "modules/consultations/survey.h"

#include <gtest/gtest.h>

namespace cw::consultations {
namespace {

Question q(std::string id, QuestionType type, std::vector<std::string> options = {}, bool required = true,
           std::optional<Condition> condition = std::nullopt) {
  Question x;
  x.id = std::move(id);
  x.type = type;
  x.title = "Question " + x.id;
  x.options = std::move(options);
  x.required = required;
  x.condition = std::move(condition);
  return x;
}

// 1 visit? (Yes/No) → 2 how (multiple, only if Yes) → 3 why by bus (only if 2 includes Bus).
Survey visits() {
  return {q("q1", QuestionType::single_choice, {"Yes", "No"}),
          q("q2", QuestionType::multiple_choice, {"Walk", "Bus"}, true, Condition{"q1", "Yes"}),
          q("q3", QuestionType::short_text, {}, true, Condition{"q2", "Bus"}), q("q4", QuestionType::scale)};
}

web::Params form(std::vector<std::pair<std::string, std::string>> items) {
  return web::Params(std::move(items));
}

bool has_error(const std::vector<web::FieldError>& errors, const std::string& field) {
  for (const auto& e : errors)
    if (e.field == field) return true;
  return false;
}

TEST(SurveyRules, a_conditional_question_applies_only_when_its_answer_was_given_and_chains) {
  auto s = visits();
  EXPECT_FALSE(applies(s, s[1], {}));
  EXPECT_FALSE(applies(s, s[1], {{"q1", {"No"}}}));
  EXPECT_TRUE(applies(s, s[1], {{"q1", {"Yes"}}}));
  EXPECT_TRUE(applies(s, s[2], {{"q1", {"Yes"}}, {"q2", {"Walk", "Bus"}}}));
  // "Bus" was ticked, but question 2 no longer applies once question 1 says No.
  EXPECT_FALSE(applies(s, s[2], {{"q1", {"No"}}, {"q2", {"Bus"}}}));
  EXPECT_TRUE(applies(s, s[3], {}));
}

TEST(SurveyRules, required_questions_that_do_not_apply_are_not_required_and_their_answers_are_dropped) {
  auto s = visits();
  auto r = check_response(s, {{"q1", {"No"}}, {"q2", {"Bus"}}, {"q3", {"sneaked in"}}, {"q4", {"3"}}}, true);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.answers.count("q2"), 0u);
  EXPECT_EQ(r.answers.count("q3"), 0u);
  auto missing = check_response(s, {{"q1", {"Yes"}}, {"q4", {"3"}}}, true);
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_EQ(missing.errors[0].field, "q2");
  EXPECT_EQ(missing.errors[0].message, "Tick at least one answer to question 2");
  // A draft need not be complete.
  EXPECT_TRUE(check_response(s, {{"q1", {"Yes"}}}, false).errors.empty());
}

TEST(SurveyRules, answers_outside_the_options_scale_or_lengths_are_refused) {
  Survey s{q("a", QuestionType::single_choice, {"Yes", "No"}), q("b", QuestionType::scale),
           q("c", QuestionType::short_text), q("d", QuestionType::long_text),
           q("e", QuestionType::multiple_choice, {"X", "Y"})};
  auto r = check_response(s,
                          {{"a", {"Maybe"}},
                           {"b", {"6"}},
                           {"c", {std::string(501, 'x')}},
                           {"d", {std::string(5000, 'y')}},
                           {"e", {"X", "X"}}},
                          true);
  EXPECT_TRUE(has_error(r.errors, "a"));
  EXPECT_TRUE(has_error(r.errors, "b"));
  EXPECT_TRUE(has_error(r.errors, "c"));
  EXPECT_FALSE(has_error(r.errors, "d"));  // exactly the limit
  EXPECT_TRUE(has_error(r.errors, "e"));
  // Characters, not bytes: 500 two-byte letters fit.
  std::string accented;
  for (int i = 0; i < 500; ++i) accented += "é";
  EXPECT_TRUE(
      check_response(s, {{"a", {"Yes"}}, {"b", {"1"}}, {"c", {accented}}, {"d", {"ok"}}, {"e", {"Y"}}}, true)
          .errors.empty());
}

TEST(SurveyRules, a_ranking_is_read_from_a_number_per_option_and_must_use_each_number_once) {
  Survey s{q("r", QuestionType::ranking, {"Parks", "Libraries", "Roads"})};
  auto good = answers_from_form(s, form({{"r-1", "2"}, {"r-2", "3"}, {"r-3", "1"}}));
  EXPECT_EQ(good.at("r"), (std::vector<std::string>{"Roads", "Parks", "Libraries"}));
  EXPECT_TRUE(check_response(s, good, true).errors.empty());
  auto twice = answers_from_form(s, form({{"r-1", "1"}, {"r-2", "1"}, {"r-3", "2"}}));
  auto r = check_response(s, twice, true);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].field, "r-1");
  auto partial = answers_from_form(s, form({{"r-1", "1"}}));
  EXPECT_FALSE(check_response(s, partial, true).errors.empty());
  EXPECT_EQ(answers_from_form(s, form({})).count("r"), 0u);
}

TEST(SurveyRules, a_place_is_a_postcode_or_description_with_an_optional_point_in_the_uk) {
  Survey s{q("m", QuestionType::map_point)};
  auto typed = answers_from_form(s, form({{"m", " outside the library "}}));
  EXPECT_EQ(typed.at("m"), (std::vector<std::string>{"outside the library", "", ""}));
  EXPECT_TRUE(check_response(s, typed, true).errors.empty());
  auto point = answers_from_form(s, form({{"m", ""}, {"m-lat", "51.36"}, {"m-lon", "-0.19"}}));
  EXPECT_TRUE(check_response(s, point, true).errors.empty());
  auto paris = answers_from_form(s, form({{"m-lat", "48.85"}, {"m-lon", "2.35"}}));
  EXPECT_FALSE(check_response(s, paris, true).errors.empty());
  EXPECT_EQ(answer_text(s[0], {"Manor Park", "51.36", "-0.19"}), "Manor Park (51.36, -0.19)");
}

TEST(SurveyRules, a_condition_must_point_at_an_earlier_choice_question_and_one_of_its_options) {
  Survey s{q("q1", QuestionType::single_choice, {"Yes", "No"}), q("q2", QuestionType::short_text)};
  EXPECT_TRUE(
      check_question(s, 2, q("q3", QuestionType::short_text, {}, true, Condition{"q1", "Yes"})).empty());
  EXPECT_TRUE(
      has_error(check_question(s, 2, q("q3", QuestionType::short_text, {}, true, Condition{"q1", "Maybe"})),
                "condition"));
  EXPECT_TRUE(has_error(
      check_question(s, 2, q("q3", QuestionType::short_text, {}, true, Condition{"q2", "x"})), "condition"));
  // Not on itself or a later question.
  EXPECT_TRUE(has_error(
      check_question(s, 0, q("q1", QuestionType::single_choice, {"Yes", "No"}, true, Condition{"q1", "Yes"})),
      "condition"));
  EXPECT_TRUE(has_error(check_question(s, 0, q("q9", QuestionType::single_choice, {"Only"})), "options"));
  EXPECT_TRUE(has_error(check_question(s, 0, q("q9", QuestionType::single_choice, {"A", "A"})), "options"));
  auto scale = q("q9", QuestionType::scale);
  scale.scale_max = 11;
  EXPECT_TRUE(has_error(check_question(s, 0, scale), "scale_max"));
  EXPECT_FALSE(check_survey({}).empty());
  EXPECT_TRUE(check_survey(visits()).empty());
}

TEST(SurveyRules, removing_or_moving_a_question_cannot_strand_a_condition) {
  auto s = visits();
  EXPECT_THROW(remove_question(s, "q1"), web::FormInvalid);
  EXPECT_THROW(move_question(s, "q2", -1), web::FormInvalid);  // q2 would come before q1
  auto moved = move_question(s, "q4", -1);
  EXPECT_EQ(moved[2].id, "q4");
  auto removed = remove_question(s, "q3");
  EXPECT_EQ(removed.size(), 3u);
  EXPECT_EQ(next_question_id(removed), "q5");  // ids are never reused
}

TEST(SurveyRules, the_hint_says_which_answer_a_conditional_question_needs) {
  auto s = visits();
  EXPECT_EQ(condition_hint(s, s[1]), "Answer this if you chose 'Yes' in question 1.");
  EXPECT_EQ(condition_hint(s, s[2]), "Answer this if you ticked 'Bus' in question 2.");
  EXPECT_EQ(condition_hint(s, s[0]), "");
}

TEST(SurveyRules, a_survey_and_answers_round_trip_through_json) {
  auto s = visits();
  s[3].min_label = "Bad";
  s[3].max_label = "Good";
  auto back = survey_from_json(survey_to_json(s));
  ASSERT_EQ(back.size(), 4u);
  EXPECT_EQ(back[2].condition, (Condition{"q2", "Bus"}));
  EXPECT_EQ(back[3].max_label, "Good");
  Answers a{{"q1", {"Yes"}}, {"q2", {"Walk", "Bus"}}};
  EXPECT_EQ(answers_from_json(answers_to_json(a)), a);
  EXPECT_THROW(survey_from_json("[{\"id\":\"q1\",\"type\":\"nonsense\"}]"), std::runtime_error);
}

}  // namespace
}  // namespace cw::consultations
