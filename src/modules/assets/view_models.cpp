#include "modules/assets/view_models.h"

#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "common/csv_writer.h"
#include "modules/assets/rules.h"

namespace cw::assets {

namespace {

using nlohmann::json;

json or_false(const std::string& s) {
  return s.empty() ? json(false) : json(s);
}

json row(const std::string& key, const std::string& value, const std::string& href = {}) {
  return {{"key", key}, {"value", value}, {"href", or_false(href)}};
}

}  // namespace

std::string asset_href(std::int64_t id) {
  return "/assets/" + std::to_string(id);
}

std::string kind_label(const std::string& kind) {
  auto k = find_kind(kind);
  return k ? k->label : kind;
}

std::string category_label(const std::string& category) {
  auto c = find_category(category);
  return c ? c->label : category;
}

bool is_hard(const std::string& kind) {
  auto k = find_kind(kind);
  return k && k->hard;
}

json list_item(const Asset& a) {
  return {{"href", asset_href(a.id)},
          {"name", a.name},
          {"kind", kind_label(a.kind)},
          {"category", category_label(a.category)},
          {"summary", or_false(a.summary)},
          {"ward", or_false(a.ward_name)},
          {"steward", or_false(a.steward)},
          {"address", or_false(a.address)},
          {"hidden", a.status == "hidden"},
          {"distance", a.distance_m ? json(describe_distance(*a.distance_m)) : json(false)}};
}

json detail_rows(const Asset& a, const std::string& ward_href) {
  json rows = json::array();
  rows.push_back(
      row("Kind", kind_label(a.kind) + (is_hard(a.kind) ? " (a place)" : " (people and activity)")));
  rows.push_back(row("Category", category_label(a.category)));
  if (!a.steward.empty()) rows.push_back(row("Looked after by", a.steward));
  if (!a.address.empty() || !a.postcode.empty())
    rows.push_back(
        row("Address", a.address + (a.address.empty() || a.postcode.empty() ? "" : ", ") + a.postcode));
  if (!a.ward_name.empty()) rows.push_back(row("Ward", a.ward_name, ward_href));
  if (!a.opening_hours.empty()) rows.push_back(row("Opening hours", a.opening_hours));
  if (!a.accessibility.empty()) rows.push_back(row("Accessibility", a.accessibility));
  if (!a.contact.empty()) rows.push_back(row("Contact", a.contact));
  if (!a.website.empty()) rows.push_back(row("Website", a.website, a.website));
  if (!a.source.empty()) rows.push_back(row("Source", a.source));
  rows.push_back(row("Last checked",
                     a.last_checked ? civil::long_date(std::string_view(*a.last_checked)) : "Not recorded"));
  return {{"rows", std::move(rows)}};
}

json feature(const Asset& a, const std::string& base_url) {
  json geometry = nullptr;
  if (a.lat && a.lon) geometry = {{"type", "Point"}, {"coordinates", {*a.lon, *a.lat}}};
  return {{"type", "Feature"},
          {"id", a.id},
          {"geometry", geometry},
          {"properties",
           {{"name", a.name},
            {"kind", a.kind},
            {"category", a.category},
            {"summary", a.summary},
            {"steward", a.steward},
            {"address", a.address},
            {"postcode", a.postcode},
            {"wards", a.ward_codes},
            {"locality", a.locality_code},
            {"contact", a.contact},
            {"website", a.website},
            {"opening_hours", a.opening_hours},
            {"accessibility", a.accessibility},
            {"source", a.source},
            {"last_checked", a.last_checked ? json(*a.last_checked) : json(nullptr)},
            {"url", base_url + asset_href(a.id)}}}};
}

json point_feature(const AssetPoint& p, const std::string& base_url) {
  return {{"type", "Feature"},
          {"id", p.id},
          {"geometry", {{"type", "Point"}, {"coordinates", {p.lon, p.lat}}}},
          {"properties",
           {{"name", p.name},
            {"kind", p.kind},
            {"category", p.category},
            {"ward", p.ward_code},
            {"url", base_url + asset_href(p.id)}}}};
}

namespace {

std::string number(const std::optional<double>& d) {
  return d ? fmt::format("{:.6f}", *d) : std::string();
}

}  // namespace

std::string assets_csv(const std::vector<Asset>& assets, const std::string& base_url) {
  std::string out =
      "id,name,kind,category,summary,steward,address,postcode,lat,lon,wards,contact,website,opening_hours,"
      "accessibility,source,last_checked,url\r\n";
  for (const auto& a : assets) {
    std::string wards;
    for (const auto& w : a.ward_codes) wards += (wards.empty() ? "" : " ") + w;
    std::vector<std::string> fields{std::to_string(a.id),
                                    a.name,
                                    a.kind,
                                    a.category,
                                    a.summary,
                                    a.steward,
                                    a.address,
                                    a.postcode,
                                    number(a.lat),
                                    number(a.lon),
                                    wards,
                                    a.contact,
                                    a.website,
                                    a.opening_hours,
                                    a.accessibility,
                                    a.source,
                                    a.last_checked.value_or(""),
                                    base_url + asset_href(a.id)};
    out += csv::row(fields);
  }
  return out;
}

json changes_feed(const std::vector<Change>& changes, const std::string& title, const std::string& base_url,
                  const std::string& self_path, Micros now) {
  json entries = json::array();
  for (const auto& c : changes) {
    auto what = c.change == "added"         ? "Added"
                : c.change == "removed"     ? "Removed"
                : c.change == "photo_added" ? "New photo"
                                            : "Updated";
    entries.push_back(
        {{"id", base_url + "/assets/changes/" + std::to_string(c.id)},
         {"title", fmt::format("{}: {}", what, c.asset_name.empty() ? "an asset" : c.asset_name)},
         {"updated", civil::iso_time(c.at)},
         {"summary", c.summary},
         {"link", base_url + asset_href(c.asset_id)}});
  }
  return {{"title", title},
          {"id", base_url + self_path},
          {"self", base_url + self_path},
          {"alternate", base_url + "/assets"},
          {"updated", civil::iso_time(changes.empty() ? now : changes.front().at)},
          {"entries", std::move(entries)}};
}

}  // namespace cw::assets
