// Geometry for small server-rendered SVG charts. The C++ side computes positions; the mustache partial
// (partials/bar_chart) draws them, so no HTML or SVG text is built here. Pure; safe from any thread.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cw::html {

struct Bar {
  std::string label;  // under the bar, e.g. "1"
  long value = 0;
};

// Data for partials/bar_chart: a vertical bar chart with the value above each bar.
// `id` prefixes the SVG's element ids (unique on the page). Result: {id, title, description, width, height,
// baseline, bars:[{x, y, width, height, label, value, centre, label_y, value_y}]}. Every key is set so
// mustache cannot pick up outer values. `title` names the chart to assistive technology; `description`
// summarises it in words.
nlohmann::json bar_chart(const std::string& id, const std::string& title, const std::string& description,
                         const std::vector<Bar>& bars, int width = 600, int height = 240);

}  // namespace cw::html
