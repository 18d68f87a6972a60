// A map drawn on the server: ward boundaries as SVG paths and assets as points, so the map works with no
// JavaScript and no tile server. Computes the geometry; the view assets/map_svg draws it. Pure; safe from
// any thread.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modules/places/overview.h"

namespace cw::assets {

struct MapPoint {
  std::int64_t id = 0;
  std::string name, kind, href;
  double lat = 0, lon = 0;
};

struct MapOptions {
  std::string title;           // names the map to assistive technology
  std::string description;     // says in words what it shows
  std::string highlight_ward;  // drawn stronger, and the map zooms to it
  int width = 720;
  int point_radius = 6;  // in map units: a map shown small needs bigger points
};

// Data for assets/map_svg: {title, description, width, height, wards:[{code, name, path, highlight,
// label_x, label_y}], points:[{x, y, name, href, kind}], has_points}. Wards with a geometry that does not
// parse are left out rather than failing the page. An equirectangular projection scaled by the cosine of
// the middle latitude keeps a town's shape true enough.
nlohmann::json svg_map(const std::vector<places::WardShape>& wards, const std::vector<MapPoint>& points,
                       const MapOptions& options);

}  // namespace cw::assets
