// The asset register's pure rules: what a valid asset is, coordinates and dates as typed, distances.
#include "modules/assets/rules.h"

#include <gtest/gtest.h>

namespace cw::assets {
namespace {

AssetDraft library() {
  AssetDraft d;
  d.kind = "building";
  d.category = "library";
  d.name = "Sutton Central Library";
  d.postcode = "SM1 1EA";
  return d;
}

std::vector<std::string> fields(const std::vector<web::FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

TEST(AssetRules, a_building_with_a_postcode_is_valid) {
  EXPECT_TRUE(check_draft(library()).empty());
}

TEST(AssetRules, a_place_needs_a_postcode_or_coordinates) {
  auto d = library();
  d.postcode.clear();
  EXPECT_EQ(fields(check_draft(d)), std::vector<std::string>{"postcode"});
  d.lat = "51.3616";
  d.lon = "-0.1949";
  EXPECT_TRUE(check_draft(d).empty());
}

TEST(AssetRules, coordinates_must_be_numbers_in_great_britain) {
  auto d = library();
  d.lat = "fifty-one";
  d.lon = "-0.19";
  EXPECT_EQ(fields(check_draft(d)), std::vector<std::string>{"lat"});
  d.lat = "51.36";
  d.lon = "151.2";  // Sydney
  EXPECT_EQ(fields(check_draft(d)), std::vector<std::string>{"lon"});
}

TEST(AssetRules, a_group_needs_wards_not_a_point) {
  AssetDraft d;
  d.kind = "community_group";
  d.category = "youth";
  d.name = "Roundshaw Youth Club";
  EXPECT_EQ(fields(check_draft(d)), std::vector<std::string>{"wards"});
  d.ward_codes = {"E05013763"};
  EXPECT_TRUE(check_draft(d).empty());
}

TEST(AssetRules, unknown_kind_and_category_and_missing_name_are_each_named) {
  AssetDraft d;
  d.kind = "castle";
  d.category = "moat";
  EXPECT_EQ(fields(check_draft(d)), (std::vector<std::string>{"kind", "category", "name"}));
}

TEST(AssetRules, lengths_count_characters_not_bytes) {
  auto d = library();
  d.name = std::string(kNameMax, 'a');
  EXPECT_TRUE(check_draft(d).empty());
  d.name = std::string(kNameMax + 1, 'a');
  EXPECT_EQ(fields(check_draft(d)), std::vector<std::string>{"name"});
  d.name.clear();
  for (std::size_t i = 0; i < kNameMax; ++i) d.name += "\xC5\xB5";  // ŵ, two bytes each
  EXPECT_TRUE(check_draft(d).empty());
}

TEST(AssetRules, website_must_be_http_and_last_checked_a_real_date) {
  auto d = library();
  d.website = "javascript:alert(1)";
  d.last_checked = "2026-02-30";
  EXPECT_EQ(fields(check_draft(d)), (std::vector<std::string>{"website", "last_checked"}));
  d.website = "https://www.sutton.gov.uk/libraries";
  d.last_checked = "2028-02-29";
  EXPECT_TRUE(check_draft(d).empty());
}

TEST(AssetRules, draft_from_form_trims_and_collects_wards) {
  web::Params form({{"kind", " building "},
                    {"name", "  Hall "},
                    {"wards", "E05013754"},
                    {"wards", " "},
                    {"wards", "E05013755"},
                    {"description", "  indented Markdown"}});
  auto d = draft_from_form(form);
  EXPECT_EQ(d.kind, "building");
  EXPECT_EQ(d.name, "Hall");
  EXPECT_EQ(d.ward_codes, (std::vector<std::string>{"E05013754", "E05013755"}));
  EXPECT_EQ(d.description, "  indented Markdown");
}

TEST(AssetRules, parse_degrees_refuses_anything_but_a_plain_number_in_range) {
  EXPECT_EQ(parse_degrees("51.5", 49, 61), 51.5);
  EXPECT_EQ(parse_degrees("-0.25", -9, 2.5), -0.25);
  for (const char* bad : {"", "51.5x", " 51.5", "nan", "inf", "1e999", "62", "0x33"})
    EXPECT_FALSE(parse_degrees(bad, 49, 61)) << bad;
}

TEST(AssetRules, distance_between_two_libraries_matches_the_map) {
  // Sutton Central Library to Wallington Library: about 3.1 km as the crow flies.
  double d = distance_metres(51.361630, -0.194924, 51.357264, -0.150861);
  EXPECT_NEAR(d, 3098, 30);
  EXPECT_EQ(distance_metres(51.36, -0.19, 51.36, -0.19), 0);
  EXPECT_EQ(describe_distance(0), "0 m");
  EXPECT_EQ(describe_distance(344), "340 m");
  EXPECT_EQ(describe_distance(3098), "3.1 km");
  EXPECT_EQ(describe_distance(12600), "13 km");
}

}  // namespace
}  // namespace cw::assets
