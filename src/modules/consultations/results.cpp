#include "modules/consultations/results.h"

#include "common/csv_writer.h"

#include "modules/consultations/formats.h"

namespace cw::consultations {

namespace {

std::vector<OptionCount> empty_counts(const Question& q) {
  std::vector<OptionCount> out;
  if (q.type == QuestionType::scale) {
    for (int n = q.scale_min; n <= q.scale_max; ++n) out.push_back({std::to_string(n), 0, 0});
  } else {
    for (const auto& o : q.options) out.push_back({o, 0, 0});
  }
  return out;
}

void count_into(QuestionResult& r, const std::vector<std::string>& values, std::vector<double>& rank_sums) {
  const auto& q = *r.question;
  switch (q.type) {
    case QuestionType::short_text:
    case QuestionType::long_text:
    case QuestionType::map_point:
      r.texts.push_back(answer_text(q, values));
      return;
    case QuestionType::ranking:
      for (std::size_t pos = 0; pos < values.size(); ++pos)
        for (std::size_t i = 0; i < r.counts.size(); ++i)
          if (r.counts[i].label == values[pos]) {
            rank_sums[i] += static_cast<double>(pos + 1);
            if (pos == 0) ++r.counts[i].count;
          }
      return;
    default:
      for (const auto& v : values)
        for (auto& c : r.counts)
          if (c.label == v) ++c.count;
  }
}

}  // namespace

std::vector<QuestionResult> question_results(const Consultation& c,
                                             const std::vector<ResponseRow>& responses) {
  std::vector<QuestionResult> out;
  for (std::size_t i = 0; i < c.survey.size(); ++i) {
    const auto& q = c.survey[i];
    QuestionResult r{&q, static_cast<int>(i + 1), 0, empty_counts(q), {}};
    std::vector<double> rank_sums(r.counts.size(), 0);
    for (const auto& resp : responses) {
      auto it = resp.answers.find(q.id);
      if (it == resp.answers.end() || it->second.empty()) continue;
      ++r.answered;
      count_into(r, it->second, rank_sums);
    }
    if (q.type == QuestionType::ranking && r.answered > 0)
      for (std::size_t k = 0; k < r.counts.size(); ++k)
        r.counts[k].average_rank = rank_sums[k] / static_cast<double>(r.answered);
    out.push_back(std::move(r));
  }
  return out;
}

std::string responses_csv(const Consultation& c, const std::vector<ResponseRow>& responses,
                          const std::map<std::string, std::string>& ward_names) {
  std::vector<std::string> head{"response", "submitted", "ward", "deprivation decile"};
  for (std::size_t i = 0; i < c.survey.size(); ++i)
    head.push_back(std::to_string(i + 1) + ". " + c.survey[i].title);
  std::string out = csv::row(head);
  for (const auto& r : responses) {
    std::string ward;
    if (r.ward_code) {
      auto it = ward_names.find(*r.ward_code);
      ward = it == ward_names.end() ? *r.ward_code : it->second;
    }
    std::vector<std::string> row{std::to_string(r.id), r.submitted_at ? civil::iso_time(*r.submitted_at) : "",
                                 ward, r.imd_decile ? std::to_string(*r.imd_decile) : ""};
    for (const auto& q : c.survey) {
      auto it = r.answers.find(q.id);
      row.push_back(it == r.answers.end() ? "" : answer_text(q, it->second));
    }
    out += csv::row(row);
  }
  return out;
}

}  // namespace cw::consultations
