#include "modules/assets/rules.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>

#include <fmt/format.h>

#include "common/text.h"

namespace cw::assets {

const std::vector<KindInfo>& asset_kinds() {
  static const std::vector<KindInfo> kinds{
      {"building", "Building", true, "For example a library, community centre, pub or hall"},
      {"land", "Land", true, "A site or plot, for example a car park or a vacant lot"},
      {"open_space", "Open space", true, "For example a park, green, playing field or allotments"},
      {"facility", "Facility", true, "For example a playground, sports pitch, toilets or a defibrillator"},
      {"community_group", "Community group", false, "People who meet or act together"},
      {"service", "Service", false, "Something people can use, for example a food bank or advice session"},
      {"skill", "Skill", false,
       "Something local people can teach or offer, for example repair or translation"},
      {"network", "Network", false, "People linked across the area, for example a carers' network"},
      {"event_series", "Event series", false, "Something that happens again and again, for example a market"},
  };
  return kinds;
}

const KindInfo* find_kind(std::string_view name) {
  for (const auto& k : asset_kinds())
    if (name == k.name) return &k;
  return nullptr;
}

const std::vector<CategoryInfo>& asset_categories() {
  static const std::vector<CategoryInfo> categories{
      {"community_centre", "Community centre or hall"},
      {"library", "Library"},
      {"pub", "Pub"},
      {"shop", "Shop or post office"},
      {"park", "Park or green space"},
      {"play", "Play area"},
      {"allotment", "Allotment or growing space"},
      {"sport", "Sport and leisure"},
      {"arts", "Arts, culture and heritage"},
      {"faith", "Place of worship"},
      {"health", "Health and care"},
      {"education", "Education and learning"},
      {"youth", "Children and young people"},
      {"older_people", "Older people"},
      {"food", "Food support"},
      {"advice", "Advice and information"},
      {"environment", "Environment and nature"},
      {"transport", "Transport"},
      {"volunteering", "Volunteering"},
      {"other", "Other"},
  };
  return categories;
}

const CategoryInfo* find_category(std::string_view name) {
  for (const auto& c : asset_categories())
    if (name == c.name) return &c;
  return nullptr;
}

namespace {

std::string trimmed(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Characters, not bytes, so a name in Welsh or Polish gets the same room as one in English.
std::size_t characters(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void check_length(std::vector<web::FieldError>& errors, const std::string& field, const std::string& value,
                  const char* what, std::size_t max) {
  if (characters(value) > max)
    errors.push_back({field, fmt::format("{} must be {} characters or fewer", what, max)});
}

}  // namespace

AssetDraft draft_from_form(const web::Params& form) {
  AssetDraft d;
  auto get = [&](const char* name) { return trimmed(form.get_or(name, "")); };
  d.kind = get("kind");
  d.category = get("category");
  d.name = get("name");
  d.summary = get("summary");
  d.description = form.get_or("description", "");  // Markdown: leading spaces can matter
  d.steward = get("steward");
  d.address = get("address");
  d.postcode = get("postcode");
  d.contact = get("contact");
  d.website = get("website");
  d.opening_hours = get("opening_hours");
  d.accessibility = get("accessibility");
  d.source = get("source");
  d.last_checked = get("last_checked");
  d.lat = get("lat");
  d.lon = get("lon");
  d.organisation = get("organisation");
  for (auto& w : form.all("wards"))
    if (auto t = trimmed(w); !t.empty()) d.ward_codes.push_back(t);
  return d;
}

std::optional<double> parse_degrees(std::string_view text, double low, double high) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
      value < low || value > high)
    return std::nullopt;
  return value;
}

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  auto number = [&](std::size_t at, std::size_t len) {
    int v = 0;
    auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + len, v);
    return ec == std::errc() && end == text.data() + at + len ? v : -1;
  };
  int y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (y < 1900 || m < 1 || d < 1) return false;
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                     std::chrono::day{static_cast<unsigned>(d)}}
      .ok();
}

std::vector<web::FieldError> check_draft(const AssetDraft& d) {
  std::vector<web::FieldError> errors;
  const KindInfo* kind = find_kind(d.kind);
  if (!kind) errors.push_back({"kind", "Select what kind of asset this is"});
  if (!find_category(d.category)) errors.push_back({"category", "Select a category"});
  if (d.name.empty()) errors.push_back({"name", "Enter the asset's name"});
  if (auto e = text::name_refusal(d.name, "The name")) errors.push_back({"name", *e});
  check_length(errors, "name", d.name, "The name", kNameMax);
  check_length(errors, "summary", d.summary, "The summary", kSummaryMax);
  check_length(errors, "description", d.description, "The description", kDescriptionMax);
  check_length(errors, "steward", d.steward, "Who looks after it", kShortFieldMax);
  if (kind && kind->hard) {
    bool has_point = !d.lat.empty() || !d.lon.empty();
    if (!has_point && d.postcode.empty())
      errors.push_back({"postcode", "Enter the postcode, or the latitude and longitude, of where it is"});
    if (has_point && !parse_degrees(d.lat, 49, 61))
      errors.push_back({"lat", "Enter the latitude as a number of degrees, for example 51.3618"});
    if (has_point && !parse_degrees(d.lon, -9, 2.5))
      errors.push_back({"lon", "Enter the longitude as a number of degrees, for example -0.1946"});
  }
  if (kind && !kind->hard && d.ward_codes.empty())
    errors.push_back({"wards", "Select at least one ward this " + std::string(kind->label) + " serves"});
  check_length(errors, "address", d.address, "The address", kShortFieldMax);
  check_length(errors, "contact", d.contact, "The contact details", kShortFieldMax);
  check_length(errors, "website", d.website, "The website address", kShortFieldMax);
  if (!d.website.empty() && !d.website.starts_with("https://") && !d.website.starts_with("http://"))
    errors.push_back({"website", "Enter the website address starting with https://"});
  check_length(errors, "opening_hours", d.opening_hours, "Opening hours", kLongFieldMax);
  check_length(errors, "accessibility", d.accessibility, "Accessibility information", kLongFieldMax);
  check_length(errors, "source", d.source, "The source", kShortFieldMax);
  if (!d.last_checked.empty() && !is_iso_date(d.last_checked))
    errors.push_back(
        {"last_checked", "Enter the date it was last checked as a real date, for example 2026-11-23"});
  if (organisation_number(d) == 0)
    errors.push_back({"organisation", "Enter the organisation number as a whole number, for example 12"});
  return errors;
}

std::optional<std::int64_t> organisation_number(const AssetDraft& d) {
  if (d.organisation.empty()) return std::nullopt;
  if (d.organisation.size() > 9 ||
      !std::all_of(d.organisation.begin(), d.organisation.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return 0;
  return std::stoll(d.organisation);
}

double distance_metres(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadius = 6371008.8;
  constexpr double kRadians = 3.14159265358979323846 / 180.0;
  double dlat = (lat2 - lat1) * kRadians, dlon = (lon2 - lon1) * kRadians;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

std::string describe_distance(double metres) {
  if (metres < 1000) return fmt::format("{} m", static_cast<long>(std::lround(metres / 10) * 10));
  if (metres < 10000) return fmt::format("{:.1f} km", metres / 1000);
  return fmt::format("{} km", std::lround(metres / 1000));
}

}  // namespace cw::assets
