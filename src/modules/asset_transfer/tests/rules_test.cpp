// Community Asset Transfer's stages without a database: the order of steps, the undervalue test of the
// General Disposal Consent, and money as forms type it.
#include "modules/asset_transfer/rules.h"

#include <gtest/gtest.h>

#include "common/money.h"
#include "web/form_fields.h"

namespace cw::asset_transfer {
namespace {

Date d(const char* iso_text) {
  return *civil::parse_iso_date(iso_text);
}

Facts at_stage(Stage s) {
  Facts f;
  f.stage = s;
  f.interest_on = d("2027-01-10");
  f.considered_on = d("2027-01-10");
  return f;
}

TEST(TransferStages, follow_one_order_and_refuse_a_step_out_of_it) {
  struct Row {
    Stage stage;
    std::vector<Step> next;
  };
  for (const auto& r : std::vector<Row>{
           {Stage::interest, {Step::business_case, Step::withdraw}},
           {Stage::business_case, {Step::valuation, Step::withdraw}},
           {Stage::valued, {Step::decision, Step::withdraw}},
           {Stage::approved, {Step::heads_of_terms, Step::withdraw}},
           {Stage::heads_of_terms, {Step::transfer, Step::withdraw}},
           {Stage::refused, {}},
           {Stage::transferred, {}},
           {Stage::withdrawn, {}},
       })
    EXPECT_EQ(next_steps(at_stage(r.stage)), r.next) << stage_name(r.stage);
  EXPECT_EQ(
      refuse_step(at_stage(Stage::interest), Step::decision, d("2027-02-01"), d("2027-03-01"))->message,
      "The case is at the stage: Invited to send a business case. The council decides once the asset is "
      "valued");
  EXPECT_EQ(
      refuse_step(at_stage(Stage::interest), Step::business_case, d("2027-01-09"), d("2027-03-01"))->field,
      "business_case_on");
  EXPECT_FALSE(refuse_step(at_stage(Stage::interest), Step::business_case, d("2027-01-10"), d("2027-03-01")));
}

TEST(TransferStages, the_council_agrees_to_consider_an_interest_once_before_any_business_case) {
  auto f = at_stage(Stage::interest);
  f.considered_on.reset();
  EXPECT_EQ(next_steps(f), (std::vector<Step>{Step::consider, Step::withdraw}));
  EXPECT_STREQ(standing_label(f), "Expression of interest");
  EXPECT_EQ(refuse_step(f, Step::business_case, d("2027-01-12"), d("2027-03-01"))->message,
            "The case is at the stage: Expression of interest. A business case comes once the council has "
            "agreed to consider the expression of interest");
  EXPECT_EQ(refuse_step(f, Step::consider, d("2027-01-09"), d("2027-03-01"))->field, "considered_on");
  EXPECT_FALSE(refuse_step(f, Step::consider, d("2027-01-12"), d("2027-03-01")));
  f.considered_on = d("2027-01-12");
  EXPECT_STREQ(standing_label(f), "Invited to send a business case");
  EXPECT_TRUE(refuse_step(f, Step::consider, d("2027-01-13"), d("2027-03-01"))) << "only once";
}

TEST(TransferStages, an_undervalue_above_two_million_pounds_needs_the_secretary_of_states_consent_first) {
  EXPECT_FALSE(needs_secretary_of_state_consent(200'000'000));
  EXPECT_TRUE(needs_secretary_of_state_consent(200'000'001));
  EXPECT_EQ(undervalue(100, 150), 0);
  auto f = at_stage(Stage::heads_of_terms);
  f.market_value_pence = 350'000'000;
  f.consideration_pence = 100'000'000;
  EXPECT_EQ(
      refuse_step(f, Step::transfer, d("2027-06-01"), d("2027-06-01"))->message,
      "The undervalue of £2,500,000 is more than £2,000,000, so the transfer needs the Secretary of State's "
      "consent first");
  EXPECT_EQ(next_steps(f), (std::vector<Step>{Step::consent, Step::withdraw}))
      << "no transfer form until consent";
  f.consent_on = d("2027-05-01");
  EXPECT_FALSE(refuse_step(f, Step::transfer, d("2027-06-01"), d("2027-06-01")));
  EXPECT_NE(refuse_step(f, Step::consent, d("2027-06-01"), d("2027-06-01")), std::nullopt);
  f.consideration_pence = 150'000'000;
  f.consent_on.reset();
  EXPECT_FALSE(refuse_step(f, Step::transfer, d("2027-06-01"), d("2027-06-01")))
      << "exactly £2,000,000 is allowed";
}

TEST(Money, is_typed_in_pounds_and_kept_in_pence) {
  EXPECT_EQ(money::parse("£1,250,000.50"), 125'000'050);
  EXPECT_EQ(money::parse("250000"), 25'000'000);
  EXPECT_EQ(money::parse("0"), 0);
  EXPECT_EQ(money::parse("12.5"), 1250);
  EXPECT_FALSE(money::parse("-5"));
  EXPECT_FALSE(money::parse("1.234"));
  EXPECT_FALSE(money::parse("a lot"));
  EXPECT_FALSE(money::parse(""));
  EXPECT_EQ(money::format(125'000'050), "£1,250,000.50");
  EXPECT_EQ(money::format(200'000'000), "£2,000,000");
  EXPECT_EQ(money::format(5), "£0.05");
}

}  // namespace
}  // namespace cw::asset_transfer
