// An officer's delivery update: a status from the list, progress as a whole per cent (100 when done),
// and a note residents will read, every problem named at once.
#include "modules/budgeting/delivery.h"

#include <gtest/gtest.h>

#include "web/forms.h"

namespace cw::budgeting {
namespace {

TEST(BudgetDelivery, an_update_reads_its_status_progress_and_note) {
  auto u = delivery_update_from({"in_progress", "40%", "The trees are ordered."});
  EXPECT_EQ(u.status, DeliveryStatus::in_progress);
  EXPECT_EQ(u.progress, 40);
  EXPECT_EQ(delivery_update_from({"done", "", "Planted."}).progress, 100) << "done and left blank: all of it";
  EXPECT_EQ(delivery_update_from({"cancelled", "", "The site was sold."}).progress, 0);
  EXPECT_STREQ(delivery_status_label(DeliveryStatus::not_started), "Not started");
}

TEST(BudgetDelivery, every_problem_is_named_at_once) {
  try {
    delivery_update_from({"finished", "140", ""});
    FAIL() << "refused";
  } catch (const web::FormInvalid& e) {
    ASSERT_EQ(e.errors.size(), 3u);
    EXPECT_EQ(e.errors[0].message, "Choose where the project has got to");
    EXPECT_EQ(e.errors[1].message, "Enter how far along the project is as a whole number from 0 to 100");
    EXPECT_EQ(e.errors[2].message, "Enter what has happened, for residents to read");
  }
  EXPECT_THROW(delivery_update_from({"done", "90", "Nearly"}), web::FormInvalid) << "done is 100%";
  EXPECT_THROW(delivery_update_from({"in_progress", "4.5", "Half"}), web::FormInvalid);
}

}  // namespace
}  // namespace cw::budgeting
