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

struct RowBar {
  std::string label;       // above the bar: a project's title (cut to fit, whole in the table)
  double value = 0;        // sets the bar's length
  std::string value_text;  // after the bar, saying the value in words ("312 votes, funded")
  bool highlight = false;  // drawn in the strong colour; the words must say it too
};

// Data for partials/row_chart: a horizontal bar chart, one labelled row per bar, for long labels that
// a vertical chart cannot fit. Keys: {id, title, description, width, height, rows:[{label, label_y, x,
// y, width, value_text, value_x, value_y, bar_class}]}.
nlohmann::json row_chart(const std::string& id, const std::string& title, const std::string& description,
                         const std::vector<RowBar>& rows, int width = 600);

}  // namespace cw::html
