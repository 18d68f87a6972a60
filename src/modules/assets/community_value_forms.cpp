#include "modules/assets/community_value_forms.h"

#include <algorithm>
#include <charconv>

namespace cw::assets::acv {

nlohmann::json or_false(const std::string& s) {
  return s.empty() ? nlohmann::json(false) : nlohmann::json(s);
}

nlohmann::json date_input(const web::FormView& form, const web::Params& typed, const std::string& name,
                          const std::string& legend, std::optional<Date> value, const std::string& hint) {
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

nlohmann::json textarea(const web::FormView& form, const web::Params& typed, const std::string& name,
                        const std::string& label, const std::string& hint) {
  return form.textarea(name, label, typed.get_or(name, ""), hint, 4);
}

nlohmann::json radios(const web::FormView& form, const web::Params& typed, const std::string& name,
                      const std::string& legend,
                      const std::vector<std::pair<std::string, std::string>>& options) {
  std::vector<web::FormView::Choice> choices;
  for (const auto& [value, label] : options) choices.push_back({value, label, ""});
  return form.choices(name, legend, choices, {typed.get_or(name, "")}, false);
}

web::Response form_page(const web::Context& ctx, const std::string& view, const std::string& title,
                        web::Breadcrumb parent, nlohmann::json data, const web::FormView& form, int status) {
  return ctx.page(view,
                  {.title = title,
                   .breadcrumbs = {{"Home", "/"}, std::move(parent)},
                   .has_errors = form.has_errors(),
                   .nav_current = "/assets"},
                  std::move(data), status);
}

Date date_from_form(const web::Params& form, const std::string& name, const std::string& what) {
  auto d = date_from_parts(form.get_or(name + "-day", ""), form.get_or(name + "-month", ""),
                           form.get_or(name + "-year", ""));
  if (!d) throw web::FormInvalid(name, "Enter " + what + " as a real date, like 27 3 2027");
  return *d;
}

std::optional<std::int64_t> pence_from(std::string_view typed) {
  std::string s;
  for (char ch : typed)
    if (ch != ' ' && ch != ',') s += ch;
  if (s.starts_with("\u00a3")) s.erase(0, std::string_view("\u00a3").size());
  std::string digits;
  int decimals = -1;
  for (char ch : s) {
    if (ch == '.' && decimals < 0) {
      decimals = 0;
      continue;
    }
    if (ch < '0' || ch > '9') return std::nullopt;
    if (decimals >= 0 && ++decimals > 2) return std::nullopt;
    digits += ch;
  }
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  for (int i = std::max(decimals, 0); i < 2; ++i) digits += '0';
  std::int64_t pence = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), pence);
  if (pence >= 1'000'000'000'000) return std::nullopt;
  return pence;
}

std::string money(std::int64_t pence) {
  std::string pounds = std::to_string(pence / 100);
  for (int i = static_cast<int>(pounds.size()) - 3; i > 0; i -= 3)
    pounds.insert(static_cast<std::size_t>(i), ",");
  std::string out = "£" + pounds;
  if (pence % 100 != 0) {
    auto p = std::to_string(pence % 100);
    out += "." + std::string(2 - p.size(), '0') + p;
  }
  return out;
}

std::int64_t id_param(const web::Request& req) {
  const auto& text = req.param("id");
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0 || text.size() > 18)
    throw web::HttpError(404, "not_found", "There is no case with that number.");
  return id;
}

}  // namespace cw::assets::acv
