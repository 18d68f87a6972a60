// The fairness breakdown: whole-unit splits that add up exactly, and ward and decile rows that both add
// up to the totals whatever is added, known or not.
#include "modules/fairness/fairness.h"

#include <gtest/gtest.h>

#include <numeric>

namespace cw::fairness {
namespace {

std::int64_t sum(const std::vector<std::int64_t>& v) {
  return std::accumulate(v.begin(), v.end(), std::int64_t{0});
}

std::int64_t column(const std::vector<Row>& rows, std::size_t measure) {
  std::int64_t n = 0;
  for (const auto& r : rows) n += r.values[measure];
  return n;
}

TEST(Fairness, apportion_splits_in_whole_units_that_add_up) {
  EXPECT_EQ(apportion(100, {1, 1, 1}), (std::vector<std::int64_t>{34, 33, 33}));
  EXPECT_EQ(apportion(10, {3, 1}), (std::vector<std::int64_t>{8, 2})) << "7.5 and 2.5: the tie to the first";
  EXPECT_EQ(apportion(7, {0, 0}), (std::vector<std::int64_t>{7, 0}));
  auto big = apportion(1'000'000'000'000, {1'234'567, 7'654'321, 1});
  EXPECT_EQ(sum(big), 1'000'000'000'000) << "no overflow, nothing lost";
}

TEST(Fairness, ward_and_decile_rows_add_up_to_the_same_totals) {
  std::vector<Neighbourhood> areas{{"W1", 1, 1500}, {"W1", 3, 1500}, {"W2", 3, 1000}, {"W2", 9, 2000}};
  Builder b(areas, {{"W1", "Cheam"}, {"W2", "Belmont"}}, {"Money", "Voters"});
  b.add_to_ward(0, "W1", 1001);  // 501 to decile 1, 500 to decile 3
  b.add_to_ward(0, "", 3000);    // the whole locality, by people
  b.add_to_person(1, "W2", 9);
  b.add_to_person(1, "W1", 1);
  b.add_to_person(1, "", 0);  // someone whose postcode we could not place
  b.add_to_decile(1, 3);
  b.add_to_whole_area(0, 6);  // counted once, in its own row
  auto r = b.build();
  EXPECT_EQ(r.people, 6000);
  EXPECT_EQ(r.totals, (std::vector<std::int64_t>{4007, 4}));
  for (std::size_t m = 0; m < 2; ++m) {
    EXPECT_EQ(column(r.wards, m), r.totals[m]) << "wards, measure " << m;
    EXPECT_EQ(column(r.deciles, m), r.totals[m]) << "deciles, measure " << m;
  }
  EXPECT_EQ(r.wards[0].label, "Cheam");
  EXPECT_EQ(r.wards[0].people, 3000);
  EXPECT_EQ(r.wards[0].values[0], 1001 + 1500);
  EXPECT_EQ(r.wards[2].label, "Not known");
  EXPECT_EQ(r.wards[3].label, "The whole area");
  EXPECT_EQ(r.wards[3].values[0], 6);
  EXPECT_EQ(r.wards[2].values[1], 2) << "the unplaced voter and the ballot known only by decile";
  EXPECT_EQ(r.deciles[0].label, "1 (most deprived)");
  EXPECT_EQ(r.deciles[0].values[0], 501 + 750 + 2);
  EXPECT_EQ(r.deciles[2].people, 2500);
  EXPECT_EQ(r.deciles.back().label, "Not known");
  EXPECT_EQ(percent(1, 8), "12.5%");
  EXPECT_EQ(percent(1, 0), "–");
}

}  // namespace
}  // namespace cw::fairness
