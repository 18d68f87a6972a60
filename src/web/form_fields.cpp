#include "web/form_fields.h"

namespace cw::web {

nlohmann::json or_false(const std::string& s) {
  return s.empty() ? nlohmann::json(false) : nlohmann::json(s);
}

nlohmann::json date_input(const FormView& form, const Params& typed, const std::string& name,
                          const std::string& legend, std::optional<civil::Date> value,
                          const std::string& hint) {
  std::string day, month, year;
  if (value) {
    std::chrono::year_month_day ymd{*value};
    day = std::to_string(static_cast<unsigned>(ymd.day()));
    month = std::to_string(static_cast<unsigned>(ymd.month()));
    year = std::to_string(static_cast<int>(ymd.year()));
  }
  bool was_typed = typed.get(name + "-year").has_value();
  return {{"id", name},
          {"name", name},
          {"legend", legend},
          {"hint", or_false(hint)},
          {"error", or_false(form.error_for(name))},
          {"day", was_typed ? typed.get_or(name + "-day", "") : day},
          {"month", was_typed ? typed.get_or(name + "-month", "") : month},
          {"year", was_typed ? typed.get_or(name + "-year", "") : year}};
}

nlohmann::json textarea(const FormView& form, const Params& typed, const std::string& name,
                        const std::string& label, const std::string& hint) {
  return form.textarea(name, label, typed.get_or(name, ""), hint, 4);
}

nlohmann::json radios(const FormView& form, const Params& typed, const std::string& name,
                      const std::string& legend,
                      const std::vector<std::pair<std::string, std::string>>& options) {
  std::vector<FormView::Choice> choices;
  for (const auto& [value, label] : options) choices.push_back({value, label, ""});
  return form.choices(name, legend, choices, {typed.get_or(name, "")}, false);
}

Response form_page(const Context& ctx, const std::string& view, const std::string& title, Breadcrumb parent,
                   nlohmann::json data, const FormView& form, int status, const std::string& nav_current) {
  return ctx.page(view,
                  {.title = title,
                   .breadcrumbs = {{"Home", "/"}, std::move(parent)},
                   .has_errors = form.has_errors(),
                   .nav_current = nav_current},
                  std::move(data), status);
}

nlohmann::json success_banner(const std::string& heading) {
  return {{"heading", heading}, {"success", true}, {"title", false}, {"body", false}};
}

nlohmann::json done_banner(const Params& query, const std::map<std::string, std::string>& said) {
  auto it = said.find(query.get_or("done", ""));
  return it == said.end() ? nlohmann::json(false) : success_banner(it->second);
}

civil::Date date_from_form(const Params& form, const std::string& name, const std::string& what) {
  auto d = civil::date_from_parts(form.get_or(name + "-day", ""), form.get_or(name + "-month", ""),
                                  form.get_or(name + "-year", ""));
  if (!d) throw FormInvalid(name, "Enter " + what + " as a real date, like 27 3 2027");
  return *d;
}

}  // namespace cw::web
