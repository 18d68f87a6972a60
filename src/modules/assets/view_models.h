// Turns register rows into what the asset pages and exports show: page data for the mustache views,
// GeoJSON features, CSV rows and Atom entries. Pure functions; no SQL, no HTML strings.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/civil_date.h"
#include "modules/assets/register.h"
#include "modules/assets/store.h"

namespace cw::assets {

std::string kind_label(const std::string& kind);
std::string category_label(const std::string& category);
bool is_hard(const std::string& kind);

// One asset in a list: {href, name, kind, category, summary, ward, steward, address, distance}.
nlohmann::json list_item(const Asset& a);
// The asset page's details as partials/summary_list rows.
nlohmann::json detail_rows(const Asset& a, const std::string& ward_href);

// A GeoJSON Feature (Point, or null geometry for a soft asset) with the public fields as properties.
nlohmann::json feature(const Asset& a, const std::string& base_url);
nlohmann::json point_feature(const AssetPoint& p, const std::string& base_url);

// The register as CSV, one row per asset, header first. Text a spreadsheet would run as a formula
// (= + - @ at the start) is prefixed with an apostrophe.
std::string assets_csv(const std::vector<Asset>& assets, const std::string& base_url);

// Data for the view assets/changes.atom (an Atom feed of register changes, newest first).
nlohmann::json changes_feed(const std::vector<Change>& changes, const std::string& title,
                            const std::string& base_url, const std::string& self_path, Micros now);

}  // namespace cw::assets
