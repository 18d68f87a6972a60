#include "geo/areas.h"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

namespace cw::geo {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

// Planar lon/lat is exact enough inside one council's wards (kilometres across, far from the poles).
using Point = bg::model::d2::point_xy<double>;
using Polygon = bg::model::polygon<Point>;  // clockwise outer ring, as bg::correct makes it
using MultiPolygon = bg::model::multi_polygon<Polygon>;
using Box = bg::model::box<Point>;

std::vector<Point> ring_from(const nlohmann::json& ring) {
  if (!ring.is_array() || ring.size() < 4)
    throw std::invalid_argument("a ring needs at least four positions");
  std::vector<Point> out;
  for (const auto& p : ring) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number())
      throw std::invalid_argument("a position must be [longitude, latitude]");
    out.emplace_back(p[0].get<double>(), p[1].get<double>());
  }
  if (!bg::equals(out.front(), out.back())) throw std::invalid_argument("a ring must end where it starts");
  return out;
}

Polygon polygon_from(const nlohmann::json& rings) {
  if (!rings.is_array() || rings.empty()) throw std::invalid_argument("a polygon needs an outer ring");
  Polygon poly;
  auto outer = ring_from(rings[0]);
  poly.outer().assign(outer.begin(), outer.end());
  for (std::size_t i = 1; i < rings.size(); ++i) {
    auto hole = ring_from(rings[i]);
    poly.inners().emplace_back(hole.begin(), hole.end());
  }
  bg::correct(poly);  // GeoJSON winds rings the other way round from Boost's default
  return poly;
}

MultiPolygon shape_from(const nlohmann::json& geometry) {
  if (!geometry.is_object() || !geometry.contains("type") || !geometry.contains("coordinates"))
    throw std::invalid_argument("a geometry needs a type and coordinates");
  const auto& type = geometry["type"];
  MultiPolygon out;
  if (type == "Polygon") {
    out.push_back(polygon_from(geometry["coordinates"]));
  } else if (type == "MultiPolygon") {
    for (const auto& p : geometry["coordinates"]) out.push_back(polygon_from(p));
  } else {
    throw std::invalid_argument("geometry type " + type.dump() + " is not a Polygon or MultiPolygon");
  }
  if (out.empty()) throw std::invalid_argument("a MultiPolygon needs at least one polygon");
  return out;
}

}  // namespace

void check_area(const nlohmann::json& geometry) {
  shape_from(geometry);
}

struct AreaIndex::Impl {
  std::vector<std::pair<std::string, MultiPolygon>> areas;
  bgi::rtree<std::pair<Box, std::size_t>, bgi::rstar<16>> boxes;
};

AreaIndex::AreaIndex() : impl_(std::make_unique<Impl>()) {}
AreaIndex::~AreaIndex() = default;
AreaIndex::AreaIndex(AreaIndex&&) noexcept = default;
AreaIndex& AreaIndex::operator=(AreaIndex&&) noexcept = default;

void AreaIndex::add(const std::string& id, const nlohmann::json& geometry) {
  auto shape = shape_from(geometry);
  impl_->boxes.insert({bg::return_envelope<Box>(shape), impl_->areas.size()});
  impl_->areas.emplace_back(id, std::move(shape));
}

std::optional<std::string> AreaIndex::find(double lon, double lat) const {
  Point p(lon, lat);
  std::vector<std::pair<Box, std::size_t>> candidates;
  impl_->boxes.query(bgi::intersects(p), std::back_inserter(candidates));
  std::optional<std::size_t> best;
  for (const auto& [box, i] : candidates)
    if (bg::covered_by(p, impl_->areas[i].second) && (!best || i < *best)) best = i;
  if (!best) return std::nullopt;
  return impl_->areas[*best].first;
}

std::size_t AreaIndex::size() const {
  return impl_->areas.size();
}

}  // namespace cw::geo
