// The rules of email alerts: when a digest is due, what counts as new, and the subscription form.
#include <gtest/gtest.h>

#include "modules/alerts/rules.h"

namespace cw::alerts {
namespace {

constexpr Micros kT = 1'790'000'000'000'000;

TEST(DigestDue, daily_after_a_day_and_weekly_after_seven) {
  EXPECT_FALSE(digest_due("daily", kT, kT + kDay - 1));
  EXPECT_TRUE(digest_due("daily", kT, kT + kDay));
  EXPECT_FALSE(digest_due("weekly", kT, kT + 6 * kDay));
  EXPECT_TRUE(digest_due("weekly", kT, kT + 7 * kDay));
  EXPECT_FALSE(digest_due("hourly", kT, kT + 365 * kDay));
}

search::SearchDocument item(std::string kind, std::string ref) {
  return {.kind = std::move(kind), .ref = std::move(ref), .title = "t"};
}

TEST(UnsentItems, items_already_mailed_are_left_out_and_a_digest_is_capped) {
  auto out = unsent_items({item("petition", "1"), item("petition", "2"), item("consultation", "1")},
                          {{"petition", "1"}});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].ref, "2");
  EXPECT_EQ(out[1].kind, "consultation");
  std::vector<search::SearchDocument> many;
  for (int i = 0; i < 50; ++i) many.push_back(item("petition", std::to_string(i)));
  EXPECT_EQ(unsent_items(many, {}).size(), static_cast<std::size_t>(kMaxItemsPerDigest));
  EXPECT_TRUE(unsent_items({item("petition", "1")}, {{"petition", "1"}}).empty());
}

TEST(SubscribeForm, a_good_form_passes_with_the_email_made_canonical) {
  SubscribeForm f{.email = " Ann@Example.ORG ",
                  .postcode = "sm1 1ea",
                  .frequency = "weekly",
                  .topics = {"transport", "parks"}};
  EXPECT_TRUE(check_subscribe_form(f).empty());
  EXPECT_EQ(f.email, "ann@example.org");
}

TEST(SubscribeForm, each_mistake_is_named_against_its_field) {
  SubscribeForm f{.email = "not an email", .frequency = "hourly", .topics = {"spaceships"}};
  auto errors = check_subscribe_form(f);
  std::vector<std::string> fields;
  for (const auto& e : errors) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"email", "postcode", "topics", "frequency"}));
  SubscribeForm empty;
  EXPECT_EQ(check_subscribe_form(empty).front().message, "Enter your email address");
}

}  // namespace
}  // namespace cw::alerts
