#include "modules/places/ward_map.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace cw::places {

namespace {

using nlohmann::json;

struct Projection {
  double min_lon, max_lat, scale_x, scale_y;
  double x(double lon) const { return (lon - min_lon) * scale_x; }
  double y(double lat) const { return (max_lat - lat) * scale_y; }
};

// Appends one ring as "M x y L … Z", dropping points less than half a pixel from the last one kept: the
// boundaries hold far more detail than a 720-pixel map can show.
void append_ring(std::string& path, const json& ring, const Projection& p) {
  double last_x = 1e18, last_y = 1e18;
  bool first = true;
  for (const auto& pos : ring) {
    if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number()) continue;
    double x = p.x(pos[0].get<double>()), y = p.y(pos[1].get<double>());
    if (!first && std::abs(x - last_x) < 0.5 && std::abs(y - last_y) < 0.5) continue;
    path += fmt::format("{}{:.1f} {:.1f}", first ? "M" : "L", x, y);
    first = false;
    last_x = x;
    last_y = y;
  }
  if (!first) path += "Z";
}

std::string ward_path(const json& geometry, const Projection& p) {
  std::string path;
  auto type = geometry.value("type", "");
  const auto& coords = geometry.at("coordinates");
  if (type == "Polygon") {
    for (const auto& ring : coords) append_ring(path, ring, p);
  } else if (type == "MultiPolygon") {
    for (const auto& polygon : coords)
      for (const auto& ring : polygon) append_ring(path, ring, p);
  }
  return path;
}

struct Bounds {
  double min_lon = 180, min_lat = 90, max_lon = -180, max_lat = -90;
  void add(double lon, double lat) {
    min_lon = std::min(min_lon, lon);
    max_lon = std::max(max_lon, lon);
    min_lat = std::min(min_lat, lat);
    max_lat = std::max(max_lat, lat);
  }
  bool empty() const { return min_lon > max_lon; }
};

Bounds map_bounds(const std::vector<WardShape>& wards, const std::vector<MapPoint>& points,
                  const std::string& highlight) {
  Bounds b;
  for (const auto& w : wards)
    if (highlight.empty() || w.code == highlight) {
      b.add(w.min_lon, w.min_lat);
      b.add(w.max_lon, w.max_lat);
    }
  if (b.empty())
    for (const auto& pt : points) b.add(pt.lon, pt.lat);
  if (b.empty()) b = {-0.2, 51.3, -0.1, 51.4};
  // A margin, and never less than ~200 m across, so a single point still has surroundings.
  double pad_lon = std::max((b.max_lon - b.min_lon) * 0.04, 0.003),
         pad_lat = std::max((b.max_lat - b.min_lat) * 0.04, 0.002);
  return {b.min_lon - pad_lon, b.min_lat - pad_lat, b.max_lon + pad_lon, b.max_lat + pad_lat};
}

}  // namespace

json svg_map(const std::vector<WardShape>& wards, const std::vector<MapPoint>& points,
             const MapOptions& options) {
  Bounds b = map_bounds(wards, points, options.highlight_ward);
  double mid_lat = (b.min_lat + b.max_lat) / 2;
  double aspect = std::cos(mid_lat * 3.14159265358979323846 / 180.0);
  double width = options.width;
  double scale_x = width / (b.max_lon - b.min_lon);
  double scale_y = scale_x / aspect;
  double height = std::ceil((b.max_lat - b.min_lat) * scale_y);
  Projection p{b.min_lon, b.max_lat, scale_x, scale_y};

  json ward_list = json::array();
  for (const auto& w : wards) {
    std::string path;
    try {
      path = ward_path(json::parse(w.geometry), p);
    } catch (const std::exception&) {
      continue;
    }
    if (path.empty()) continue;
    auto shade = options.shades.find(w.code);
    bool shaded = shade != options.shades.end();
    ward_list.push_back(
        {{"code", w.code},
         {"name", w.name},
         {"shade", shaded ? json(shade->second.css_class) : json(false)},
         {"note", shaded && !shade->second.note.empty() ? json(shade->second.note) : json(false)},
         {"path", std::move(path)},
         {"highlight", !options.highlight_ward.empty() && w.code == options.highlight_ward},
         {"label_x", fmt::format("{:.1f}", p.x((w.min_lon + w.max_lon) / 2))},
         {"label_y", fmt::format("{:.1f}", p.y((w.min_lat + w.max_lat) / 2))}});
  }
  // Points drawn at the same spot (a library and the archive in one building) become one point naming
  // them all, so none hides another; it links to the first.
  json point_list = json::array();
  std::map<std::pair<std::string, std::string>, std::size_t> at;
  for (const auto& pt : points) {
    double x = p.x(pt.lon), y = p.y(pt.lat);
    if (x < 0 || y < 0 || x > width || y > height) continue;
    auto spot = std::pair{fmt::format("{:.1f}", x), fmt::format("{:.1f}", y)};
    if (auto same = at.find(spot); same != at.end()) {
      auto& shared = point_list[same->second];
      shared["name"] = shared["name"].get<std::string>() + "; " + pt.name;
      shared["count"] = shared["count"].get<int>() + 1;
      continue;
    }
    at.emplace(spot, point_list.size());
    point_list.push_back({{"x", spot.first},
                          {"y", spot.second},
                          {"name", pt.name},
                          {"href", pt.href.empty() ? json(false) : json(pt.href)},
                          {"kind", pt.kind},
                          {"count", 1}});
  }
  bool has_points = !point_list.empty();
  bool has_links = false;
  for (const auto& pt : point_list) has_links |= pt["href"].is_string();
  return {{"id", options.id},
          {"title", options.title},
          {"description", options.description},
          {"width", static_cast<int>(width)},
          {"height", static_cast<int>(height)},
          {"r", options.point_radius},
          {"wards", std::move(ward_list)},
          {"points", std::move(point_list)},
          {"has_points", has_points},
          {"has_links", has_links}};
}

}  // namespace cw::places
