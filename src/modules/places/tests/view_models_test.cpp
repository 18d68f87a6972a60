// Page data and JSON documents of places, and the views rendering them, without a database.
#include "modules/places/view_models.h"

#include <gtest/gtest.h>

#include "html/views.h"

namespace cw::places {
namespace {

Ward carshalton() {
  Ward w;
  w.locality = {1, "E09000029", "Sutton", ""};
  w.row = {"E05013757",
           "Carshalton South & Clockhouse",
           R"({"type":"Polygon","coordinates":[]})",
           {-0.2, 51.3, -0.1, 51.4},
           51.35,
           -0.15};
  w.postcodes = 150;
  return w;
}

std::vector<LsoaRow> two_lsoas() {
  return {{"E01004100", "Sutton 020A", 3000, 1, "E05013757", std::nullopt},
          {"E01004101", "Sutton 020B", 15853, 5, "E05013757", std::nullopt}};
}

TEST(PlacesPage, says_when_nothing_is_loaded) {
  auto data = places_page({});
  EXPECT_FALSE(data["has_localities"]);
  const html::Views& views = html::shared_views();
  auto out = views.render("places/index", data);
  EXPECT_NE(out.find("commonweal demo"), std::string::npos);
}

TEST(WardPage, has_a_ten_bar_chart_a_table_alternative_and_readable_ranks) {
  auto data = ward_page(carshalton(), two_lsoas());
  const auto& dep = data["deprivation"];
  ASSERT_EQ(dep["chart"]["bars"].size(), 10u);
  EXPECT_EQ(dep["chart"]["bars"][0]["value"], "1");
  EXPECT_EQ(dep["chart"]["bars"][1]["height"], "0") << "an empty decile has no bar";
  EXPECT_EQ(dep["table"]["rows"].size(), 10u);
  EXPECT_EQ(data["lsoas"]["rows"][1]["cells"][2]["text"], "15,853");
  EXPECT_EQ(data["summary"]["rows"][4]["value"], "1") << "one LSOA in the most deprived 20%";
}

TEST(WardPage, gives_the_population_only_when_every_neighbourhood_has_a_figure) {
  auto lsoas = two_lsoas();
  EXPECT_NE(ward_page(carshalton(), lsoas)["summary"]["rows"][2]["key"], "Population")
      << "no row at all: the places page says once that the figures are not loaded";
  lsoas[0].population = 1500;
  EXPECT_NE(ward_page(carshalton(), lsoas)["summary"]["rows"][2]["key"], "Population")
      << "a partial sum would understate the ward";
  lsoas[1].population = 1650;
  auto data = ward_page(carshalton(), lsoas);
  EXPECT_EQ(data["summary"]["rows"][2]["key"], "Population");
  EXPECT_EQ(data["summary"]["rows"][2]["value"], "3,150 (sum of the ward's neighbourhoods)");
  EXPECT_EQ(ward_json(carshalton(), lsoas)["population"], 3150);
}

TEST(WardPage, renders_with_names_escaped_and_the_chart_named_for_screen_readers) {
  const html::Views& views = html::shared_views();
  auto data = ward_page(carshalton(), two_lsoas());
  data["profile_html"] = views.render("places/ward_profile", data);
  auto out = views.render("places/ward", data);
  EXPECT_NE(out.find("Carshalton South &amp; Clockhouse ward"), std::string::npos);
  EXPECT_EQ(out.find("Clockhouse & "), std::string::npos);
  EXPECT_NE(out.find("role=\"img\""), std::string::npos);
  EXPECT_NE(out.find("<title id=\"deprivation-chart-title\">"), std::string::npos);
  EXPECT_NE(out.find("<th scope=\"row\""), std::string::npos);
  EXPECT_EQ(out.find("Population"), std::string::npos) << "no row saying, on every ward, that it is unknown";
  auto counted = two_lsoas();
  counted[0].population = 1500;
  counted[1].population = 1600;
  EXPECT_NE(views.render("places/ward_profile", ward_page(carshalton(), counted)).find("3,100"),
            std::string::npos);
}

TEST(WardJson, carries_the_boundary_lsoas_and_decile_profile) {
  auto doc = ward_json(carshalton(), two_lsoas());
  EXPECT_EQ(doc["code"], "E05013757");
  EXPECT_EQ(doc["geometry"]["type"], "Polygon");
  EXPECT_EQ(doc["bbox"].size(), 4u);
  EXPECT_EQ(doc["deprivation"]["lsoas_by_decile"][0], 1);
  EXPECT_EQ(doc["deprivation"]["lsoas_by_decile"][4], 1);
  EXPECT_EQ(doc["links"]["page"], "/places/E09000029/wards/E05013757");
}

}  // namespace
}  // namespace cw::places
