// The rules of the asset register that need no database: the kinds and categories of asset, what a
// valid asset looks like, and distances for "near my postcode". Pure functions; safe from any thread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/forms.h"
#include "web/http.h"

namespace cw::assets {

// Hard assets are places with a point on the map; soft assets are people and activity, tied to wards.
struct KindInfo {
  const char* name;   // "open_space"
  const char* label;  // "Open space"
  bool hard;
  const char* hint;  // one line shown on forms
};
const std::vector<KindInfo>& asset_kinds();
const KindInfo* find_kind(std::string_view name);

struct CategoryInfo {
  const char* name;   // "library"
  const char* label;  // "Library"
};
const std::vector<CategoryInfo>& asset_categories();
const CategoryInfo* find_category(std::string_view name);

// What someone typed into the asset form, before it is placed on the map.
struct AssetDraft {
  std::string kind, category, name, summary, description, steward;
  std::string address, postcode, contact, website, opening_hours, accessibility, source, last_checked;
  std::string lat, lon;                 // as typed; a hard asset needs these or a postcode
  std::vector<std::string> ward_codes;  // a soft asset's wards
  std::string organisation;             // the number of the organisation that runs it, as an officer typed it
};

// Limits on each field, in characters; the forms show them and the rules enforce them.
inline constexpr std::size_t kNameMax = 120;
inline constexpr std::size_t kSummaryMax = 240;
inline constexpr std::size_t kDescriptionMax = 10000;
inline constexpr std::size_t kShortFieldMax = 300;
inline constexpr std::size_t kLongFieldMax = 2000;

AssetDraft draft_from_form(const web::Params& form);
// Every rule the draft breaks, in the order of the form's fields; empty when it is valid. Location rules
// that need the database (the postcode exists, the point is in the locality) are the service's.
std::vector<web::FieldError> check_draft(const AssetDraft& draft);

// The organisation number typed on the form: nullopt when empty, 0 when it is not a positive number
// (check_draft refuses that).
std::optional<std::int64_t> organisation_number(const AssetDraft& draft);

// A decimal number of degrees within [low, high]; nullopt when the text is anything else.
std::optional<double> parse_degrees(std::string_view text, double low, double high);

// A date typed as YYYY-MM-DD that exists on the calendar.
bool is_iso_date(std::string_view text);

// Great-circle distance in metres (haversine on a sphere of the Earth's mean radius).
double distance_metres(double lat1, double lon1, double lat2, double lon2);
// "350 m", "1.2 km", "12 km": how far, in words a list can show.
std::string describe_distance(double metres);

}  // namespace cw::assets
