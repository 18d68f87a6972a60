// What a consultation heard: per question, how many answered and how the answers split (choices, the
// scale, first preferences and average ranks), the free text as written; and every response as CSV.
// Pure functions over the submitted responses; safe from any thread.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "modules/consultations/consultation.h"
#include "modules/consultations/store.h"

namespace cw::consultations {

struct OptionCount {
  std::string label;
  std::int64_t count = 0;
  double average_rank = 0;  // ranking only: 1 is best
};

struct QuestionResult {
  const Question* question = nullptr;
  int number = 0;
  std::int64_t answered = 0;
  std::vector<OptionCount> counts;  // choices and scale points in order; ranking: first preferences
  std::vector<std::string> texts;   // free text and places, oldest first
};

// REQUIRES: `responses` are submitted responses to `c`.
std::vector<QuestionResult> question_results(const Consultation& c,
                                             const std::vector<ResponseRow>& responses);

// One row per response: its number, when it was sent, the ward and deprivation decile of its postcode,
// then an answer per question (blank where the question did not apply). `ward_names` maps codes to
// names. Every cell passes through csv::cell (common/csv_writer.h), so no cell can run as a spreadsheet
// formula.
std::string responses_csv(const Consultation& c, const std::vector<ResponseRow>& responses,
                          const std::map<std::string, std::string>& ward_names);

}  // namespace cw::consultations
