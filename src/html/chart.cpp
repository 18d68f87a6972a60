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

nlohmann::json row_chart(const std::string& id, const std::string& title, const std::string& description,
                         const std::vector<RowBar>& rows, int width) {
  // Each row: its label, then the bar with its value in words after it.
  constexpr double kRow = 48, kLabel = 16, kBar = 18, kSide = 4, kValueRoom = 190;
  // About as many characters of 14px text as fit across the chart.
  const auto label_chars = static_cast<std::size_t>(width / 8);
  double max = 0;
  for (const auto& r : rows) max = std::max(max, r.value);
  double longest = width - 2 * kSide - kValueRoom;
  auto r1 = [](double v) { return fmt::format("{}", std::round(v * 10) / 10); };
  nlohmann::json out(nlohmann::json::value_t::array);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    double top = kRow * static_cast<double>(i);
    double length = max > 0 ? std::max(1.0, longest * rows[i].value / max) : 1.0;
    std::string label = rows[i].label;
    if (label.size() > label_chars) {
      // Cut on a character boundary (not inside a UTF-8 sequence) and say it was cut.
      std::size_t cut = label_chars;
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "…";
    }
    out.push_back(
        {{"label", label},
         {"label_y", r1(top + kLabel - 2)},
         {"x", r1(kSide)},
         {"y", r1(top + kLabel + 4)},
         {"width", r1(length)},
         {"height", r1(kBar)},
         {"value_text", rows[i].value_text},
         {"value_x", r1(kSide + length + 6)},
         {"value_y", r1(top + kLabel + 4 + kBar - 4)},
         {"bar_class", rows[i].highlight ? "app-chart__bar" : "app-chart__bar app-chart__bar--muted"}});
  }
  return {{"id", id},
          {"title", title},
          {"description", description},
          {"width", std::to_string(width)},
          {"height", r1(std::max(kRow, kRow * static_cast<double>(rows.size())))},
          {"rows", std::move(out)}};
}

}  // namespace cw::html
