#include "web/forms.h"

#include <algorithm>

namespace cw::web {

namespace {

nlohmann::json or_false(const std::string& s) {
  return s.empty() ? nlohmann::json(false) : nlohmann::json(s);
}

}  // namespace

std::string FormView::error_for(const std::string& field) const {
  for (const auto& e : errors_)
    if (e.field == field) return e.message;
  return {};
}

nlohmann::json FormView::field(const std::string& name, const std::string& label, const std::string& value,
                               const FieldOptions& options) const {
  auto shown = options.type == "password" ? std::string() : submitted_.get_or(name, value);
  auto error = error_for(name);
  return {{"id", name},
          {"name", name},
          {"label", label},
          {"hint", or_false(options.hint)},
          {"value", or_false(shown)},
          {"error", or_false(error)},
          {"type", options.type},
          {"autocomplete", or_false(options.autocomplete)},
          {"width", or_false(options.width)},
          {"password", options.type == "password"}};
}

nlohmann::json FormView::textarea(const std::string& name, const std::string& label, const std::string& value,
                                  const std::string& hint, int rows) const {
  return {{"id", name},
          {"name", name},
          {"label", label},
          {"hint", or_false(hint)},
          {"value", or_false(submitted_.get_or(name, value))},
          {"error", or_false(error_for(name))},
          {"rows", rows}};
}

nlohmann::json FormView::select(const std::string& name, const std::string& label,
                                const std::vector<Choice>& choices, const std::string& value,
                                const std::string& hint) const {
  auto chosen = submitted_.get_or(name, value);
  nlohmann::json options = nlohmann::json::array();
  for (const auto& c : choices)
    options.push_back({{"value", c.value}, {"text", c.text}, {"selected", c.value == chosen}});
  return {{"id", name},
          {"name", name},
          {"label", label},
          {"hint", or_false(hint)},
          {"error", or_false(error_for(name))},
          {"options", std::move(options)}};
}

nlohmann::json FormView::choices(const std::string& name, const std::string& legend,
                                 const std::vector<Choice>& choices, const std::vector<std::string>& values,
                                 bool multiple, const std::string& hint) const {
  // After a failed submit, what was ticked then, even if that was nothing.
  auto checked = submitted_.items().empty() ? values : submitted_.all(name);
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const auto& c = choices[i];
    items.push_back({{"id", i == 0 ? name : name + "-" + std::to_string(i + 1)},
                     {"value", c.value},
                     {"text", c.text},
                     {"hint", or_false(c.hint)},
                     {"checked", std::find(checked.begin(), checked.end(), c.value) != checked.end()}});
  }
  return {{"id", name},
          {"name", name},
          {"legend", legend},
          {"hint", or_false(hint)},
          {"error", or_false(error_for(name))},
          {"multiple", multiple},
          {"small", choices.size() > 6},
          {"items", std::move(items)}};
}

nlohmann::json FormView::summary() const {
  if (errors_.empty()) return false;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : errors_) items.push_back({{"text", e.message}, {"href", "#" + e.field}});
  return {{"items", items}};
}

}  // namespace cw::web
