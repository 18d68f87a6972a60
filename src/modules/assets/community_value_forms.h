// Form pieces the Right to Bid and Community Asset Transfer pages share: GOV.UK date inputs, text areas
// and radios refilled after an error, reading dates and money typed into forms, and ids from paths.
// Plain functions, built per request.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "modules/assets/community_value_dates.h"
#include "web/context.h"
#include "web/forms.h"
#include "web/http.h"

namespace cw::assets::acv {

nlohmann::json or_false(const std::string& s);

// Data for partials/date_input: boxes named <name>-day, -month and -year; the day box has
// the id <name> so the error summary's link lands on it. `value` fills the boxes when nothing was typed.
nlohmann::json date_input(const web::FormView& form, const web::Params& typed, const std::string& name,
                          const std::string& legend, std::optional<Date> value, const std::string& hint = {});
// Data for partials/textarea, refilled with what was typed.
nlohmann::json textarea(const web::FormView& form, const web::Params& typed, const std::string& name,
                        const std::string& label, const std::string& hint = {});
// Data for partials/choices as radios; options are (value, label). The first radio has the id <name>.
nlohmann::json radios(const web::FormView& form, const web::Params& typed, const std::string& name,
                      const std::string& legend,
                      const std::vector<std::pair<std::string, std::string>>& options);

// A form page of these features: `view` under Home › `parent`, marked with errors when `form` has them.
web::Response form_page(const web::Context& ctx, const std::string& view, const std::string& title,
                        web::Breadcrumb parent, nlohmann::json data, const web::FormView& form, int status);

// The date typed into <name>-day, -month and -year. Throws FormInvalid on <name> naming `what`.
Date date_from_form(const web::Params& form, const std::string& name, const std::string& what);

// "£1,250,000" or "1250000.50" → pence; nullopt unless a non-negative amount with at most two decimals
// below £10 billion.
std::optional<std::int64_t> pence_from(std::string_view typed);
// 125000050 → "£1,250,000.50"; whole pounds without decimals.
std::string money(std::int64_t pence);

// The path's {id} as a positive number. Throws HttpError 404 for anything else.
std::int64_t id_param(const web::Request& req);

}  // namespace cw::assets::acv
