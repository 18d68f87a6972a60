#include "html/chart.h"

#include <algorithm>
#include <cmath>

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
  auto r1 = [](double v) { return std::round(v * 10) / 10; };
  nlohmann::json out_bars = nlohmann::json::array();
  for (std::size_t i = 0; i < bars.size(); ++i) {
    double h = (baseline - kTop) * static_cast<double>(bars[i].value) / static_cast<double>(max);
    double x = kSide + slot * static_cast<double>(i) + (slot - bar_width) / 2;
    out_bars.push_back({{"x", r1(x)},
                        {"y", r1(baseline - h)},
                        {"width", r1(bar_width)},
                        {"height", r1(h)},
                        {"label", bars[i].label},
                        {"value", std::to_string(bars[i].value)},
                        {"centre", r1(x + bar_width / 2)},
                        {"label_y", r1(baseline + 20)},
                        {"value_y", r1(baseline - h - 6)}});
  }
  return {{"id", id},         {"title", title},           {"description", description}, {"width", width},
          {"height", height}, {"baseline", r1(baseline)}, {"right", width - kSide},     {"left", kSide},
          {"bars", out_bars}};
}

}  // namespace cw::html
