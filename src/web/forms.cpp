#include "web/forms.h"

namespace cw::web {

std::string FormView::error_for(const std::string& field) const {
  for (const auto& e : errors_)
    if (e.field == field) return e.message;
  return {};
}

nlohmann::json FormView::field(const std::string& name, const std::string& label, const std::string& value,
                               const FieldOptions& options) const {
  auto shown = options.type == "password" ? std::string() : submitted_.get_or(name, value);
  auto error = error_for(name);
  auto or_false = [](const std::string& s) { return s.empty() ? nlohmann::json(false) : nlohmann::json(s); };
  return {{"id", name},
          {"name", name},
          {"label", label},
          {"hint", or_false(options.hint)},
          {"value", or_false(shown)},
          {"error", or_false(error)},
          {"type", options.type},
          {"autocomplete", or_false(options.autocomplete)},
          {"width", or_false(options.width)}};
}

nlohmann::json FormView::summary() const {
  if (errors_.empty()) return false;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : errors_) items.push_back({{"text", e.message}, {"href", "#" + e.field}});
  return {{"items", items}};
}

}  // namespace cw::web
