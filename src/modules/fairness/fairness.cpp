#include "modules/fairness/fairness.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace cw::fairness {

namespace {
constexpr const char* kWholeArea = "*";
}  // namespace

std::vector<std::int64_t> apportion(std::int64_t amount, const std::vector<std::int64_t>& weights) {
  std::vector<std::int64_t> out(weights.size(), 0);
  if (weights.empty()) return out;
  auto total = std::accumulate(weights.begin(), weights.end(), std::int64_t{0});
  if (total <= 0) {
    out[0] = amount;
    return out;
  }
  // 128-bit products: a pot of pence times a population can overflow 64 bits.
  __extension__ using Wide = __int128;
  std::vector<std::pair<Wide, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    Wide product = static_cast<Wide>(amount) * weights[i];
    out[i] = static_cast<std::int64_t>(product / total);
    given += out[i];
    remainders.emplace_back(product % total, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < amount; ++k, ++given) ++out[remainders[k % remainders.size()].second];
  return out;
}

Builder::Builder(std::vector<Neighbourhood> areas, const std::vector<WardName>& wards,
                 std::vector<std::string> measures)
    : areas_(std::move(areas)) {
  out_.measures = std::move(measures);
  out_.totals.assign(out_.measures.size(), 0);
  for (const auto& w : wards)
    out_.wards.push_back({w.code, w.name, 0, std::vector<std::int64_t>(out_.measures.size())});
  for (int d = 1; d <= 10; ++d)
    out_.deciles.push_back(
        {std::to_string(d), decile_label(d), 0, std::vector<std::int64_t>(out_.measures.size())});
  for (const auto& a : areas_) {
    ward_row(a.ward_code).people += a.people;
    decile_row(a.decile).people += a.people;
    out_.people += a.people;
  }
}

Row& Builder::ward_row(const std::string& code) {
  if (code == kWholeArea) {
    for (auto& r : out_.wards)
      if (r.key == kWholeArea) return r;
    return out_.wards.emplace_back(
        Row{kWholeArea, "The whole area", 0, std::vector<std::int64_t>(out_.measures.size())});
  }
  for (auto& r : out_.wards)
    if (r.key == code && !code.empty()) return r;
  for (auto& r : out_.wards)
    if (r.key.empty()) return r;
  return out_.wards.emplace_back(Row{"", "Not known", 0, std::vector<std::int64_t>(out_.measures.size())});
}

Row& Builder::decile_row(int decile) {
  if (decile >= 1 && decile <= 10) return out_.deciles[static_cast<std::size_t>(decile - 1)];
  if (out_.deciles.size() == 10)
    out_.deciles.push_back({"", "Not known", 0, std::vector<std::int64_t>(out_.measures.size())});
  return out_.deciles.back();
}

void Builder::add_to_ward(std::size_t measure, const std::string& ward_code, std::int64_t amount) {
  std::vector<const Neighbourhood*> in;
  for (const auto& a : areas_)
    if (ward_code.empty() || a.ward_code == ward_code) in.push_back(&a);
  out_.totals[measure] += amount;
  if (in.empty()) {
    ward_row(ward_code).values[measure] += amount;
    decile_row(0).values[measure] += amount;
    return;
  }
  std::vector<std::int64_t> weights;
  for (const auto* a : in) weights.push_back(a->people);
  auto parts = apportion(amount, weights);
  for (std::size_t i = 0; i < in.size(); ++i) {
    decile_row(in[i]->decile).values[measure] += parts[i];
    if (ward_code.empty()) ward_row(in[i]->ward_code).values[measure] += parts[i];
  }
  if (!ward_code.empty()) ward_row(ward_code).values[measure] += amount;
}

void Builder::add_to_whole_area(std::size_t measure, std::int64_t amount) {
  std::vector<std::int64_t> weights;
  for (const auto& a : areas_) weights.push_back(a.people);
  out_.totals[measure] += amount;
  ward_row(kWholeArea).values[measure] += amount;
  if (weights.empty()) {
    decile_row(0).values[measure] += amount;
    return;
  }
  auto parts = apportion(amount, weights);
  for (std::size_t i = 0; i < areas_.size(); ++i) decile_row(areas_[i].decile).values[measure] += parts[i];
}

void Builder::add_to_person(std::size_t measure, const std::string& ward_code, int decile,
                            std::int64_t count) {
  out_.totals[measure] += count;
  ward_row(ward_code).values[measure] += count;
  decile_row(decile).values[measure] += count;
}

void Builder::add_to_decile(std::size_t measure, int decile, std::int64_t count) {
  add_to_person(measure, "", decile, count);
}

Breakdown Builder::build() const {
  return out_;
}

std::string percent(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return "–";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string decile_label(int decile) {
  if (decile == 1) return "1 (most deprived)";
  if (decile == 10) return "10 (least deprived)";
  return std::to_string(decile);
}

}  // namespace cw::fairness
