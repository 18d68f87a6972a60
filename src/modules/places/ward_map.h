// A map drawn on the server: ward boundaries as SVG paths, optionally shaded (how many signed a petition
// in each ward), and points (assets), so maps work with no JavaScript and no tile server. Public header
// for every module that draws wards. Computes the geometry; the view places/ward_map_svg draws it. Pure;
// safe from any thread.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modules/places/overview.h"

namespace cw::places {

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
  int point_radius = 6;          // in map units: a map shown small needs bigger points
  std::string id = "asset-map";  // the figure's element id prefix, unique on the page
  // A ward's shading class (e.g. "app-ward-map__shade--3") and the words added to its name in its
  // tooltip ("120 signatures"); wards not listed are drawn plain.
  struct Shade {
    std::string css_class, note;
  };
  std::map<std::string, Shade> shades;
};

// Data for places/ward_map_svg: {title, description, width, height, wards:[{code, name, path, highlight,
// shade, note, label_x, label_y}], points:[{x, y, name, href, kind}], has_points}. Wards with a geometry that
// does not parse are left out rather than failing the page. An equirectangular projection scaled by the
// cosine of the middle latitude keeps a town's shape true enough.
nlohmann::json svg_map(const std::vector<WardShape>& wards, const std::vector<MapPoint>& points,
                       const MapOptions& options);

}  // namespace cw::places
