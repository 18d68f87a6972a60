// "Did you mean": small slips in a search are put right from the words the index holds.
#include "modules/search/spelling.h"

#include <gtest/gtest.h>

namespace cw::search {
namespace {

std::set<std::string> vocabulary() {
  std::set<std::string> v;
  add_vocabulary_words("Cheam Library: opening hours on Sundays", v);
  add_vocabulary_words("Mend the swings in Manor Park playground", v);
  return v;
}

TEST(Spelling, distances_count_one_slip_each_and_give_up_past_the_limit) {
  EXPECT_EQ(edit_distance("library", "library", 2), 0);
  EXPECT_EQ(edit_distance("libary", "library", 2), 1);   // a letter left out
  EXPECT_EQ(edit_distance("lirbary", "library", 2), 1);  // two letters swapped
  EXPECT_EQ(edit_distance("librery", "library", 2), 1);  // a wrong letter
  EXPECT_EQ(edit_distance("park", "playground", 2), 3);
}

TEST(Spelling, unknown_words_become_the_nearest_indexed_word) {
  auto v = vocabulary();
  EXPECT_EQ(corrected_text("libary opening", v), "library opening");
  EXPECT_EQ(corrected_text("the swigns in manor prak", v), "swings manor park");
  EXPECT_EQ(corrected_text("playgrnd", v), "playground") << "two slips in a long word";
}

TEST(Spelling, nothing_is_suggested_when_every_word_is_known_or_too_far) {
  auto v = vocabulary();
  EXPECT_EQ(corrected_text("library", v), std::nullopt);
  EXPECT_EQ(corrected_text("zebra", v), std::nullopt);
  EXPECT_EQ(corrected_text("SM1", v), std::nullopt) << "postcodes and numbers are left alone";
}

}  // namespace
}  // namespace cw::search
