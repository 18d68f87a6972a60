// Gathering a form's problems: one message per field, the shared length and name checks.
#include "web/problems.h"

#include <gtest/gtest.h>

namespace cw::web {
namespace {

TEST(Problems, every_field_keeps_its_first_message_and_the_checks_say_the_limit) {
  Problems p;
  p.need_text("reasons", " \n", "Give the reasons", 5000);
  p.keep_short("note", std::string(5001, 'x'), 5000);
  p.need_name("group", "Red\xE2\x80\x8BLion", "Enter the name");
  p.need_name("other", std::string(201, 'x'), "Enter the name");
  p.add("reasons", "a second message for the same field");
  ASSERT_EQ(p.errors().size(), 4u);
  EXPECT_EQ(p.errors()[0].message, "Give the reasons");
  EXPECT_EQ(p.errors()[1].message, "Keep it to 5,000 characters or fewer");
  EXPECT_EQ(p.errors()[2].message,
            "The name contains an invisible character. Type it in rather than pasting it");
  EXPECT_EQ(p.errors()[3].message, "Keep it to 200 characters or fewer");
  EXPECT_THROW(p.refuse_if_any(), FormInvalid);
  Problems fine;
  fine.need_name("group", "Red Lion", "Enter the name");
  EXPECT_TRUE(fine.empty());
}

}  // namespace
}  // namespace cw::web
