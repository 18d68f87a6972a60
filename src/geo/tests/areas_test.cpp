// Point-in-area lookup: squares, holes, multipolygons, shared edges and bad geometry.
#include "geo/areas.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace cw::geo {
namespace {

using nlohmann::json;

json square(double x0, double y0, double x1, double y1) {
  return {{"type", "Polygon"}, {"coordinates", {{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

TEST(AreaIndex, finds_the_area_a_point_is_in_and_nothing_outside) {
  AreaIndex index;
  index.add("west", square(0, 0, 1, 1));
  index.add("east", square(1, 0, 2, 1));
  EXPECT_EQ(index.find(0.5, 0.5), "west");
  EXPECT_EQ(index.find(1.5, 0.25), "east");
  EXPECT_EQ(index.find(1.0, 0.5), "west") << "a shared edge belongs to the area added first";
  EXPECT_FALSE(index.find(3, 3));
  EXPECT_FALSE(index.find(0.5, -0.1));
  EXPECT_EQ(index.size(), 2u);
}

TEST(AreaIndex, a_hole_is_outside_and_every_part_of_a_multipolygon_inside) {
  AreaIndex index;
  json ring = {{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}};
  ring.push_back({{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}});
  index.add("doughnut", {{"type", "Polygon"}, {"coordinates", ring}});
  index.add("islands", {{"type", "MultiPolygon"},
                        {"coordinates",
                         {square(10, 10, 11, 11)["coordinates"], square(20, 20, 21, 21)["coordinates"]}}});
  EXPECT_EQ(index.find(0.5, 0.5), "doughnut");
  EXPECT_FALSE(index.find(2, 2)) << "inside the hole";
  EXPECT_EQ(index.find(20.5, 20.5), "islands");
  EXPECT_EQ(index.find(10.5, 10.5), "islands");
  EXPECT_FALSE(index.find(15, 15));
}

TEST(AreaIndex, bad_geometry_is_refused_with_the_reason) {
  AreaIndex index;
  EXPECT_THROW(index.add("p", {{"type", "Point"}, {"coordinates", {0, 0}}}), std::invalid_argument);
  EXPECT_THROW(index.add("open", {{"type", "Polygon"}, {"coordinates", {{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}}}),
               std::invalid_argument);
  EXPECT_THROW(
      index.add("text", {{"type", "Polygon"}, {"coordinates", {{{"a", 0}, {1, 0}, {1, 1}, {0, 0}}}}}),
      std::invalid_argument);
  try {
    index.add("p", {{"type", "LineString"}, {"coordinates", json::array()}});
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("LineString"), std::string::npos) << e.what();
  }
  EXPECT_EQ(index.size(), 0u);
}

}  // namespace
}  // namespace cw::geo
