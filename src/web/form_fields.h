// Form pieces beyond web/forms.h that workflow pages share: GOV.UK date inputs, text areas and radios
// refilled after an error, a form page marked with its errors, and reading a date typed into the three
// boxes of a date input. Plain functions, built per request.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/civil_date.h"
#include "web/context.h"
#include "web/forms.h"
#include "web/http.h"

namespace cw::web {

// The string, or false when it is empty (so a mustache section shows nothing).
nlohmann::json or_false(const std::string& s);

// Data for partials/date_input: boxes named <name>-day, -month and -year; the day box has
// the id <name> so the error summary's link lands on it. `value` fills the boxes when nothing was typed.
nlohmann::json date_input(const FormView& form, const Params& typed, const std::string& name,
                          const std::string& legend, std::optional<civil::Date> value,
                          const std::string& hint = {});
// Data for partials/textarea, refilled with what was typed.
nlohmann::json textarea(const FormView& form, const Params& typed, const std::string& name,
                        const std::string& label, const std::string& hint = {});
// Data for partials/choices as radios; options are (value, label). The first radio has the id <name>.
nlohmann::json radios(const FormView& form, const Params& typed, const std::string& name,
                      const std::string& legend,
                      const std::vector<std::pair<std::string, std::string>>& options);

// A form page: `view` under Home › `parent`, marked with errors when `form` has them, with the
// navigation entry `nav_current` marked as the current section.
Response form_page(const Context& ctx, const std::string& view, const std::string& title, Breadcrumb parent,
                   nlohmann::json data, const FormView& form, int status, const std::string& nav_current);

// Data for partials/notification_banner: the green banner that says an action worked.
nlohmann::json success_banner(const std::string& heading);
// The success banner for the page's `?done=<word>`, worded by `said`; false for a word it does not know.
nlohmann::json done_banner(const Params& query, const std::map<std::string, std::string>& said);

// The date typed into <name>-day, -month and -year. Throws FormInvalid on <name> naming `what`.
civil::Date date_from_form(const Params& form, const std::string& name, const std::string& what);

}  // namespace cw::web
