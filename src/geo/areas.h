// Which area a point lies in: boundaries read from GeoJSON (Polygon or MultiPolygon, lon/lat), an
// R-tree over their bounding boxes to find candidates, then an exact point-in-polygon test
// (Boost.Geometry, kept in areas.cpp). Build once, then share: find() is const and thread-safe.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace cw::geo {

// Throws std::invalid_argument naming what is wrong when `geometry` is not an area AreaIndex::add takes:
// importers call it so a bad boundary is refused with its feature number instead of failing on first use.
void check_area(const nlohmann::json& geometry);

class AreaIndex {
 public:
  AreaIndex();
  ~AreaIndex();
  AreaIndex(AreaIndex&&) noexcept;
  AreaIndex& operator=(AreaIndex&&) noexcept;

  // Adds an area. Throws std::invalid_argument naming what is wrong when `geometry` is not a Polygon or
  // MultiPolygon of [lon, lat] positions with closed rings of at least four positions.
  void add(const std::string& id, const nlohmann::json& geometry);
  // The area containing the point; a point on a shared boundary belongs to the area added first.
  std::optional<std::string> find(double lon, double lat) const;
  std::size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cw::geo
