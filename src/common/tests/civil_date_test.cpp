// The shared date wording: every closing date is named by its last day, the same way everywhere.
#include "common/civil_date.h"

#include <gtest/gtest.h>

namespace cw::civil {
namespace {

Micros midnight(int y, unsigned m, unsigned d) {
  return end_of(Date{std::chrono::year{y} / m / d} - std::chrono::days{1});
}

TEST(CivilDate, long_dates_of_instants) {
  EXPECT_EQ(long_date(1'764'633'600'000'000), "2 December 2025");
  EXPECT_EQ(long_date(midnight(2027, 3, 14) + 1), "14 March 2027");
  EXPECT_EQ(long_date(std::string_view("2027-03-04")), "4 March 2027");
  EXPECT_EQ(long_date(std::string_view("soon")), "soon");
}

TEST(CivilDate, iso_times_for_exports) {
  EXPECT_EQ(iso_time(midnight(2027, 3, 14)), "2027-03-14T00:00:00Z");
  EXPECT_EQ(iso_time(midnight(2027, 3, 14) + (9 * 3600 + 30 * 60 + 5) * 1'000'000LL + 999'999),
            "2027-03-14T09:30:05Z");
}

TEST(CivilDate, long_times_for_people) {
  auto t = midnight(2027, 3, 14) + (9 * 3600 + 30 * 60 + 5) * 1'000'000LL;
  EXPECT_EQ(long_time(t), "14 March 2027 at 09:30 UTC");
  EXPECT_EQ(long_time(t, true), "14 March 2027 at 09:30:05 UTC");
}

TEST(CivilDate, a_midnight_closing_names_the_day_before) {
  auto closes = midnight(2027, 1, 24);
  EXPECT_EQ(last_day(closes), Date{std::chrono::year{2027} / 1 / 23});
  EXPECT_EQ(closes_text(closes), "Closes at the end of 23 January 2027");
  EXPECT_EQ(open_until_text(closes), "Open until the end of 23 January 2027");
  EXPECT_EQ(closed_text(closes), "Closed on 23 January 2027");
}

TEST(CivilDate, a_closing_during_the_day_names_that_day) {
  auto closes = midnight(2027, 1, 24) + 3600LL * 1'000'000 * 15;
  EXPECT_EQ(closed_text(closes), "Closed on 24 January 2027");
}

TEST(CivilDate, end_of_a_day_is_the_next_midnight) {
  EXPECT_EQ(end_of(Date{std::chrono::year{2027} / 1 / 23}), midnight(2027, 1, 24));
  EXPECT_EQ(midnight(2027, 1, 24) - midnight(2027, 1, 23), 86'400'000'000LL);
}

}  // namespace
}  // namespace cw::civil
