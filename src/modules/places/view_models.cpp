#include "modules/places/view_models.h"

#include <fmt/format.h>

#include "html/chart.h"
#include "html/table.h"
#include "modules/places/places.h"

namespace cw::places {

namespace {

using nlohmann::json;

std::string plural(std::int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::array<int, 10> lsoa_deciles(const std::vector<LsoaRow>& lsoas) {
  std::vector<int> deciles;
  for (const auto& s : lsoas)
    if (s.imd_decile) deciles.push_back(*s.imd_decile);
  return decile_counts(deciles);
}

json deprivation(const std::vector<LsoaRow>& lsoas, const std::string& ward_name) {
  auto counts = lsoa_deciles(lsoas);
  std::vector<html::Bar> bars;
  html::Table table("LSOAs by deprivation decile", {{"Decile (IMD 2019)"}, {"LSOAs", true}});
  for (int d = 1; d <= 10; ++d) {
    bars.push_back({std::to_string(d), counts[d - 1]});
    std::string label = d == 1 ? "1 (most deprived)" : d == 10 ? "10 (least deprived)" : std::to_string(d);
    table.add_row({{label}, {std::to_string(counts[d - 1]), {}, true}});
  }
  int most = counts[0] + counts[1];
  auto description = fmt::format(
      "Bar chart of the {} in {} by national deprivation decile, from 1 (most deprived) to 10 (least "
      "deprived). {} of them {} in deciles 1 and 2. The table below gives each count.",
      plural(static_cast<std::int64_t>(lsoas.size()), "LSOA", "LSOAs"), ward_name, most,
      most == 1 ? "is" : "are");
  return {{"chart", html::bar_chart("deprivation-chart", "LSOAs in " + ward_name + " by deprivation decile",
                                    description, bars)},
          {"table", std::move(table).data()}};
}

std::string decile_text(const std::optional<int>& d) {
  if (!d) return "Not known";
  if (*d == 1) return "1 (most deprived)";
  if (*d == 10) return "10 (least deprived)";
  return std::to_string(*d);
}

// 15853 → "15,853", as GOV.UK style writes numbers over 999.
std::string with_commas(std::int64_t n) {
  auto digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

// The ward's population as the sum of its neighbourhoods', known only when every one of them has a figure:
// a partial sum would understate it without saying so.
std::optional<std::int64_t> ward_population(const std::vector<LsoaRow>& lsoas) {
  if (lsoas.empty()) return std::nullopt;
  std::int64_t sum = 0;
  for (const auto& s : lsoas) {
    if (!s.population) return std::nullopt;
    sum += *s.population;
  }
  return sum;
}

json bbox_json(const BBox& b) {
  return json::array({b.min_lon, b.min_lat, b.max_lon, b.max_lat});
}

}  // namespace

std::string ward_href(const std::string& locality_code, const std::string& ward_code) {
  return "/places/" + locality_code + "/wards/" + ward_code;
}

json places_page(const std::vector<LocalityWards>& localities) {
  json out = json::array();
  for (const auto& l : localities) {
    // Residents choose a ward; the codes and counts people who work with the data need come after.
    html::Table table("Wards in " + l.locality.name, {{"Ward"}, {"Neighbourhoods (LSOAs)", true}});
    html::Table codes("Ward codes and postcodes in " + l.locality.name,
                      {{"Ward"}, {"Code"}, {"Postcodes", true}});
    for (const auto& w : l.wards) {
      table.add_row({{w.name, ward_href(l.locality.code, w.code)}, {std::to_string(w.lsoas), {}, true}});
      codes.add_row({{w.name}, {w.code}, {std::to_string(w.postcodes), {}, true}});
    }
    out.push_back({{"name", l.locality.name},
                   {"code", l.locality.code},
                   {"ward_count", plural(static_cast<std::int64_t>(l.wards.size()), "ward", "wards")},
                   {"has_wards", !l.wards.empty()},
                   {"table", std::move(table).data()},
                   {"codes", std::move(codes).data()}});
  }
  return {{"localities", out}, {"has_localities", !localities.empty()}};
}

json ward_page(const Ward& ward, const std::vector<LsoaRow>& lsoas) {
  const auto& w = ward.row;
  int deprived = 0;
  for (const auto& s : lsoas)
    if (s.imd_decile && *s.imd_decile <= 2) ++deprived;
  json summary = {
      {{"key", "Ward code"}, {"value", w.code}, {"href", false}},
      {{"key", "Local authority"},
       {"value", ward.locality.name + " (" + ward.locality.code + ")"},
       {"href", "/places"}},
      {{"key", "Postcodes"}, {"value", std::to_string(ward.postcodes)}, {"href", false}},
      {{"key", "LSOAs"}, {"value", std::to_string(lsoas.size())}, {"href", false}},
      {{"key", "LSOAs in the most deprived 20% in England"},
       {"value", std::to_string(deprived)},
       {"href", false}},
  };
  // Shown only where the figures were loaded; the places page says once when they were not.
  if (auto n = ward_population(lsoas))
    summary.insert(summary.begin() + 2,
                   json{{"key", "Population"},
                        {"value", with_commas(*n) + " (sum of the ward's neighbourhoods)"},
                        {"href", false}});
  html::Table table("LSOAs in " + w.name, {{"LSOA"}, {"Code"}, {"IMD 2019 rank", true}, {"Decile", true}});
  for (const auto& s : lsoas)
    table.add_row({{s.name},
                   {s.code},
                   {s.imd_rank ? with_commas(*s.imd_rank) : "Not known", {}, true},
                   {decile_text(s.imd_decile), {}, true}});
  return {{"ward", {{"name", w.name}, {"code", w.code}}},
          {"locality", {{"name", ward.locality.name}, {"code", ward.locality.code}}},
          {"summary", {{"rows", std::move(summary)}}},
          {"has_lsoas", !lsoas.empty()},
          {"lsoas", std::move(table).data()},
          {"deprivation", deprivation(lsoas, w.name)}};
}

json localities_json(const std::vector<LocalityWards>& localities) {
  json out = json::array();
  for (const auto& l : localities)
    out.push_back(
        {{"code", l.locality.code},
         {"name", l.locality.name},
         {"wards", l.wards.size()},
         {"links", {{"wards", "/api/v1/localities/" + l.locality.code + "/wards"}, {"page", "/places"}}}});
  return {{"localities", out}};
}

json locality_wards_json(const LocalityWards& l) {
  json wards = json::array();
  for (const auto& w : l.wards)
    wards.push_back(
        {{"code", w.code},
         {"name", w.name},
         {"postcodes", w.postcodes},
         {"lsoas", w.lsoas},
         {"links", {{"self", "/api/v1/wards/" + w.code}, {"page", ward_href(l.locality.code, w.code)}}}});
  return {{"locality", {{"code", l.locality.code}, {"name", l.locality.name}}}, {"wards", wards}};
}

json ward_json(const Ward& ward, const std::vector<LsoaRow>& lsoas) {
  const auto& w = ward.row;
  json list = json::array();
  for (const auto& s : lsoas)
    list.push_back({{"code", s.code},
                    {"name", s.name},
                    {"imd_rank", s.imd_rank ? json(*s.imd_rank) : json(nullptr)},
                    {"imd_decile", s.imd_decile ? json(*s.imd_decile) : json(nullptr)}});
  auto counts = lsoa_deciles(lsoas);
  auto population = ward_population(lsoas);
  json centroid = w.centroid_lat && w.centroid_lon ? json{{"lat", *w.centroid_lat}, {"lon", *w.centroid_lon}}
                                                   : json(nullptr);
  return {{"code", w.code},
          {"name", w.name},
          {"locality", {{"code", ward.locality.code}, {"name", ward.locality.name}}},
          {"postcodes", ward.postcodes},
          {"population", population ? json(*population) : json(nullptr)},
          {"bbox", bbox_json(w.bbox)},
          {"centroid", centroid},
          {"lsoas", list},
          {"deprivation", {{"index", "IMD 2019"}, {"lsoas_by_decile", counts}}},
          {"geometry", json::parse(w.geometry)},
          {"links", {{"page", ward_href(ward.locality.code, w.code)}}}};
}

}  // namespace cw::places
