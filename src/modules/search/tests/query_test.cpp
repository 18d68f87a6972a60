// The pure parts of search: what a person's words become for FTS5 and PostgreSQL, and distances.
#include <gtest/gtest.h>

#include "modules/search/query.h"

namespace cw::search {
namespace {

using Terms = std::vector<std::string>;

TEST(SearchTerms, words_are_lower_cased_deduplicated_and_stop_words_dropped) {
  EXPECT_EQ(search_terms("  The Library  and the LIBRARY café "), (Terms{"library", "café"}));
  EXPECT_EQ(search_terms("the of and"), Terms{});
  EXPECT_EQ(search_terms("- * ( )"), Terms{});
  EXPECT_EQ(search_terms(""), Terms{});
}

TEST(SearchTerms, at_most_twelve_words) {
  EXPECT_EQ(search_terms("a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12 a13 a14").size(), 12u);
}

TEST(Fts5Query, every_term_is_quoted_so_no_syntax_gets_through) {
  EXPECT_EQ(fts5_query({"library", "park"}), "\"library\" \"park\"");
  EXPECT_EQ(fts5_query(search_terms("title:bus OR NEAR(x) \"quoted\" -no")),
            "\"title:bus\" \"near(x)\" \"\"\"quoted\"\"\" \"-no\"");
  EXPECT_EQ(fts5_query({}), "");
}

TEST(TsqueryText, control_characters_become_spaces_and_long_text_is_cut) {
  EXPECT_EQ(tsquery_text("bus\nlane\t\"x\""), "bus lane \"x\"");
  EXPECT_EQ(tsquery_text(std::string(500, 'a')).size(), kMaxQueryChars);
}

TEST(SearchKinds, known_kinds_have_labels) {
  ASSERT_NE(find_search_kind("asset"), nullptr);
  EXPECT_EQ(find_search_kind("asset")->label, "Community asset");
  EXPECT_EQ(find_search_kind("nope"), nullptr);
}

TEST(Distance, haversine_and_words) {
  EXPECT_NEAR(distance_metres(51.5, -0.1, 51.5, -0.1), 0, 1e-6);
  EXPECT_NEAR(distance_metres(51.0, 0.0, 52.0, 0.0), 111195, 50);
  EXPECT_EQ(describe_distance(347), "350 m");
  EXPECT_EQ(describe_distance(1234), "1.2 km");
  EXPECT_EQ(describe_distance(12345), "12 km");
}

}  // namespace
}  // namespace cw::search
