#include "modules/places/places.h"

#include <gtest/gtest.h>

namespace cw::places {
namespace {

TEST(Postcode, is_normalised_to_upper_case_with_one_space) {
  EXPECT_EQ(normalise_postcode("sm11ea"), "SM1 1EA");
  EXPECT_EQ(normalise_postcode("  SM1   1EA "), "SM1 1EA");
  EXPECT_EQ(normalise_postcode("kt17 1aa"), "KT17 1AA");
  EXPECT_EQ(normalise_postcode("W1A 1AA"), "W1A 1AA");
  EXPECT_EQ(normalise_postcode("EC1A1BB"), "EC1A 1BB");
  EXPECT_EQ(normalise_postcode("M1 1AE"), "M1 1AE");
}

TEST(Postcode, shapes_that_are_not_postcodes_are_rejected) {
  EXPECT_FALSE(normalise_postcode(""));
  EXPECT_FALSE(normalise_postcode("SM1"));
  EXPECT_FALSE(normalise_postcode("SM1 1E"));
  EXPECT_FALSE(normalise_postcode("SM1 EAA"));
  EXPECT_FALSE(normalise_postcode("1SM 1EA"));
  EXPECT_FALSE(normalise_postcode("SM1-1EA"));
  EXPECT_FALSE(normalise_postcode("SMXX 1EA"));
  EXPECT_FALSE(normalise_postcode("SM123 1EA"));
  EXPECT_FALSE(normalise_postcode("<script>"));
}

TEST(GssCode, wards_lsoas_and_local_authorities_are_recognised) {
  EXPECT_TRUE(is_gss_code("E05013754", "E05"));
  EXPECT_FALSE(is_gss_code("E01004076", "E05"));
  EXPECT_TRUE(is_gss_code("E01004076"));
  EXPECT_FALSE(is_gss_code("E0501375"));
  EXPECT_FALSE(is_gss_code("e05013754"));
  EXPECT_FALSE(is_gss_code("E05O13754"));
  EXPECT_TRUE(is_local_authority_code("E09000029"));
  EXPECT_TRUE(is_local_authority_code("E06000001"));
  EXPECT_FALSE(is_local_authority_code("E05013754"));
}

TEST(ImdDecile, follows_the_published_ceiling_rule) {
  EXPECT_EQ(imd_decile(1, kImd2019Areas), 1);
  EXPECT_EQ(imd_decile(15853, kImd2019Areas), 5);  // Sutton 011A
  EXPECT_EQ(imd_decile(20472, kImd2019Areas), 7);  // Sutton 011B
  EXPECT_EQ(imd_decile(kImd2019Areas, kImd2019Areas), 10);
  EXPECT_EQ(imd_decile(kImd2025Areas, kImd2025Areas), 10);
}

TEST(ImdDecile, a_rank_exactly_on_a_boundary_stays_in_the_lower_decile) {
  // 10 × 6,568.8 = 65,688 is not whole for 2019, so use a size where it is: 100 areas, rank 10 → decile 1.
  EXPECT_EQ(imd_decile(10, 100), 1);
  EXPECT_EQ(imd_decile(11, 100), 2);
  EXPECT_EQ(imd_decile(3285, kImd2019Areas), 2);  // 10 × 3285 > 32844
  EXPECT_EQ(imd_decile(3284, kImd2019Areas), 1);
}

TEST(ImdDecile, ranks_outside_the_edition_are_refused) {
  EXPECT_THROW(imd_decile(0, kImd2019Areas), std::invalid_argument);
  EXPECT_THROW(imd_decile(kImd2019Areas + 1, kImd2019Areas), std::invalid_argument);
}

TEST(DecileCounts, counts_each_decile_and_ignores_out_of_range_values) {
  auto c = decile_counts({1, 1, 5, 10, 0, 11});
  EXPECT_EQ(c[0], 2);
  EXPECT_EQ(c[4], 1);
  EXPECT_EQ(c[9], 1);
  EXPECT_EQ(c[1], 0);
}

}  // namespace
}  // namespace cw::places
