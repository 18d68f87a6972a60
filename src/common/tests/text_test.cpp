// The text rules: what is refused where requests are parsed, what names refuse besides, and text made
// safe for XML whatever was stored.
#include "common/text.h"

#include <gtest/gtest.h>

namespace cw::text {
namespace {

TEST(Text, plain_text_in_any_language_passes_and_broken_bytes_or_controls_do_not) {
  EXPECT_FALSE(text_problem("Save the Red Lion, café and all"));
  EXPECT_FALSE(text_problem("Line one\nLine two\r\n\tindented"));
  EXPECT_FALSE(text_problem("مكتبة ساتون — Bibliothèque — 图书馆 — 👩‍👩‍👧"));
  EXPECT_EQ(text_problem("\xFF\xFE"), "is not valid UTF-8 text");
  EXPECT_EQ(text_problem("caf\xC3"), "is not valid UTF-8 text") << "cut off in the middle of a character";
  EXPECT_EQ(text_problem("\xC0\xAF"), "is not valid UTF-8 text") << "an overlong slash";
  EXPECT_EQ(text_problem("\xED\xA0\x80"), "is not valid UTF-8 text") << "a surrogate";
  EXPECT_EQ(text_problem(std::string("a\0b", 3)), "contains a control character");
  EXPECT_EQ(text_problem("bell\x07"), "contains a control character");
  EXPECT_EQ(text_problem("next line \xC2\x85"), "contains a control character") << "C1";
  EXPECT_EQ(text_problem("evil\xE2\x80\xAEtxt.exe"),
            "contains a character that changes the direction of text");
  EXPECT_EQ(text_problem("\xE2\x81\xA6isolate"), "contains a character that changes the direction of text");
}

TEST(Text, names_and_titles_also_refuse_invisible_characters) {
  EXPECT_FALSE(text_problem("Red\xE2\x80\x8BLion")) << "free text may hold a zero-width space";
  EXPECT_EQ(name_problem("Red\xE2\x80\x8BLion"), "contains an invisible character");
  EXPECT_EQ(name_problem("\xEF\xBB\xBFTitle"), "contains an invisible character");
  EXPECT_FALSE(name_problem("Zoë O’Brien-Smith"));
  EXPECT_EQ(name_refusal("Red\xE2\x81\xA0Lion", "The title"),
            "The title contains an invisible character. Type it in rather than pasting it");
  EXPECT_FALSE(name_refusal("Red Lion", "The title"));
}

TEST(Text, xml_safe_keeps_text_replaces_broken_bytes_and_drops_what_xml_forbids) {
  EXPECT_EQ(xml_safe("Café\n\tok"), "Café\n\tok");
  EXPECT_EQ(xml_safe("a\x01"
                     "b\x1F"
                     "c"),
            "abc");
  EXPECT_EQ(xml_safe("bad \xFF\xFE end"), "bad \xEF\xBF\xBD\xEF\xBF\xBD end");
  EXPECT_EQ(xml_safe("cut \xE2\x82"), "cut \xEF\xBF\xBD");
  EXPECT_EQ(xml_safe("\xEF\xBF\xBE"), "") << "U+FFFE is not an XML character";
  EXPECT_EQ(xml_safe(std::string("nul\0", 4)), "nul");
}

}  // namespace
}  // namespace cw::text
