#include "html/chart.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace cw::html {

nlohmann::json bar_chart(const std::string& id, const std::string& title, const std::string& description,
                         const std::vector<Bar>& bars, int width, int height) {
  // Room above the tallest bar for its value, and below the baseline for the labels.
  constexpr double kTop = 24, kBottom = 28, kSide = 8, kGap = 0.25;
  long max = 1;
  for (const auto& b : bars) max = std::max(max, b.value);
  double baseline = height - kBottom;
  double slot = bars.empty() ? 0 : (width - 2 * kSide) / static_cast<double>(bars.size());
  double bar_width = slot * (1 - kGap);
  // Coordinates to one decimal place, as text: the template prints them as they are.
  auto r1 = [](double v) { return fmt::format("{}", std::round(v * 10) / 10); };
  nlohmann::json out_bars(nlohmann::json::value_t::array);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    double h = (baseline - kTop) * static_cast<double>(bars[i].value) / static_cast<double>(max);
    double x = kSide + slot * static_cast<double>(i) + (slot - bar_width) / 2;
    // Key by key rather than a brace initialiser, which makes and frees a temporary array per key.
    auto& bar = out_bars.emplace_back(nlohmann::json::value_t::object).get_ref<nlohmann::json::object_t&>();
    bar.emplace("x", r1(x));
    bar.emplace("y", r1(baseline - h));
    bar.emplace("width", r1(bar_width));
    bar.emplace("height", r1(h));
    bar.emplace("label", bars[i].label);
    bar.emplace("value", std::to_string(bars[i].value));
    bar.emplace("centre", r1(x + bar_width / 2));
    bar.emplace("label_y", r1(baseline + 20));
    bar.emplace("value_y", r1(baseline - h - 6));
  }
  return {{"id", id},
          {"title", title},
          {"description", description},
          {"width", std::to_string(width)},
          {"height", std::to_string(height)},
          {"baseline", r1(baseline)},
          {"right", r1(width - kSide)},
          {"left", r1(kSide)},
          {"bars", std::move(out_bars)}};
}

}  // namespace cw::html
