// The Right to Bid's statutory timers and transitions without a database: each table row is a receipt
// date and the date the law then sets, including month ends, leap years and changed periods.
#include "modules/community_value/rules.h"

#include <gtest/gtest.h>

namespace cw::community_value {
namespace {

Date d(const char* iso_text) {
  return *parse_iso_date(iso_text);
}

struct AddCase {
  const char* from;
  Period period;
  const char* expected;
};

class AddPeriod : public ::testing::TestWithParam<AddCase> {};

TEST_P(AddPeriod, lands_on_the_calendar_date_the_law_counts) {
  const auto& c = GetParam();
  EXPECT_EQ(iso(add(d(c.from), c.period)), c.expected) << c.from << " + " << describe(c.period);
}

INSTANTIATE_TEST_SUITE_P(Calendar, AddPeriod,
                         ::testing::Values(
                             // Decision, review and interim periods are whole weeks of 7 days.
                             AddCase{"2027-01-17", {8, Unit::weeks}, "2027-03-14"},
                             AddCase{"2027-12-20", {6, Unit::weeks}, "2028-01-31"},
                             AddCase{"2028-02-01", {8, Unit::weeks}, "2028-03-28"},  // through 29 February
                             AddCase{"2027-02-01", {8, Unit::weeks}, "2027-03-29"},  // a common year
                             AddCase{"2027-05-03", {13, Unit::weeks}, "2027-08-02"},
                             // Months keep the day of the month, clamped to the month's last day.
                             AddCase{"2027-08-31", {6, Unit::months}, "2028-02-29"},  // leap year
                             AddCase{"2026-08-31", {6, Unit::months}, "2027-02-28"},  // common year
                             AddCase{"2027-03-31", {6, Unit::months}, "2027-09-30"},
                             AddCase{"2027-01-15", {18, Unit::months}, "2028-07-15"},
                             AddCase{"2026-08-31", {18, Unit::months}, "2028-02-29"},
                             AddCase{"2027-10-31", {12, Unit::months}, "2028-10-31"},
                             // A listing of 5 years from 29 February ends on 28 February.
                             AddCase{"2028-02-29", {5, Unit::years}, "2033-02-28"},
                             AddCase{"2028-02-29", {4, Unit::years}, "2032-02-29"},
                             AddCase{"2027-06-30", {5, Unit::years}, "2032-06-30"}));

TEST(Dates, are_read_and_written_as_forms_and_letters_show_them) {
  EXPECT_EQ(long_date(d("2027-03-14")), "14 March 2027");
  EXPECT_EQ(long_date(d("2028-02-29")), "29 February 2028");
  EXPECT_EQ(date_from_parts("29", "2", "2028"), d("2028-02-29"));
  EXPECT_EQ(date_from_parts(" 1", "12 ", "2027"), d("2027-12-01"));
  EXPECT_FALSE(date_from_parts("29", "2", "2027"));
  EXPECT_FALSE(date_from_parts("1", "13", "2027"));
  EXPECT_FALSE(date_from_parts("1", "1", "27"));
  EXPECT_FALSE(date_from_parts("", "1", "2027"));
  EXPECT_FALSE(parse_iso_date("2027-02-30"));
  EXPECT_FALSE(parse_iso_date("2027-2-3"));
  EXPECT_EQ(date_of(1'790'000'000'000'000), d("2026-09-21"));
  EXPECT_EQ(describe({1, Unit::years}), "1 year");
  EXPECT_EQ(describe_adjective({8, Unit::weeks}), "8-week");
}

Facts listed_on(const char* received, const char* decided) {
  Facts f;
  f.received_on = d(received);
  f.status = Status::listed;
  f.decided_on = d(decided);
  return f;
}

TEST(StatutoryDates, follow_from_the_receipt_dates) {
  Periods p;
  Facts f;
  f.received_on = d("2027-01-17");
  EXPECT_EQ(decision_due(f, p), d("2027-03-14"));
  EXPECT_FALSE(listed_until(f, p));
  f = listed_on("2027-01-17", "2027-03-01");
  EXPECT_EQ(listed_until(f, p), d("2032-03-01"));
  EXPECT_EQ(review_request_deadline(f, p), d("2027-04-26"));
  f.review_requested_on = d("2027-04-20");
  EXPECT_EQ(review_decision_due(f, p), d("2027-06-15"));
}

TEST(StatutoryDates, move_when_a_locality_changes_a_period) {
  Periods p;
  p.full_moratorium = {12, Unit::months};
  p.decision = {10, Unit::weeks};
  Facts f;
  f.received_on = d("2027-01-17");
  EXPECT_EQ(decision_due(f, p), d("2027-03-28"));
  Notice n{1, d("2027-08-31"), true, {d("2027-09-10")}};
  EXPECT_EQ(moratorium_of(n, p).full_end, d("2028-08-31"));
  EXPECT_EQ(moratorium_of(n, Periods{}).full_end, d("2028-02-29"));
}

struct MoratoriumCase {
  const char* notice;
  std::vector<const char*> bids;
  const char* interim_end;
  const char* full_end;  // "" when no group asked in time
  const char* protected_end;
};

class Moratoria : public ::testing::TestWithParam<MoratoriumCase> {};

TEST_P(Moratoria, become_full_only_when_a_group_asked_within_the_interim_period) {
  const auto& c = GetParam();
  Notice n{1, d(c.notice), true, {}};
  for (const char* b : c.bids) n.bidder_requests.push_back(d(b));
  auto m = moratorium_of(n, Periods{});
  EXPECT_EQ(iso(m.interim_end), c.interim_end);
  EXPECT_EQ(m.full_end ? iso(*m.full_end) : "", c.full_end);
  EXPECT_EQ(iso(m.protected_end), c.protected_end);
}

INSTANTIATE_TEST_SUITE_P(
    Notices, Moratoria,
    ::testing::Values(MoratoriumCase{"2027-08-31", {}, "2027-10-12", "", "2029-02-28"},
                      MoratoriumCase{"2027-08-31", {"2027-09-01"}, "2027-10-12", "2028-02-29", "2029-02-28"},
                      MoratoriumCase{"2027-08-31", {"2027-10-12"}, "2027-10-12", "2028-02-29", "2029-02-28"},
                      MoratoriumCase{"2027-08-31", {"2027-10-13"}, "2027-10-12", "", "2029-02-28"},
                      MoratoriumCase{
                          "2028-01-31", {"2028-02-01"}, "2028-03-13", "2028-07-31", "2029-07-31"}));

TEST(Transitions, a_nomination_is_decided_once_on_or_after_its_receipt_and_not_in_the_future) {
  Facts f;
  f.received_on = d("2027-01-17");
  EXPECT_FALSE(refuse_decision(f, d("2027-04-01"), d("2027-04-01"))) << "late decisions are allowed";
  EXPECT_EQ(refuse_decision(f, d("2027-01-16"), d("2027-04-01"))->field, "decided_on");
  EXPECT_EQ(refuse_decision(f, d("2027-04-02"), d("2027-04-01"))->message,
            "The decision date must be today or in the past");
  f = listed_on("2027-01-17", "2027-03-01");
  EXPECT_EQ(refuse_decision(f, d("2027-03-02"), d("2027-04-01"))->message,
            "This nomination was already decided on 1 March 2027");
}

TEST(Transitions, a_review_request_after_the_deadline_is_refused_with_the_deadline) {
  auto f = listed_on("2027-01-01", "2027-01-17");
  Periods p;
  EXPECT_FALSE(refuse_review_request(f, d("2027-03-14"), p, d("2027-06-01")));
  EXPECT_EQ(refuse_review_request(f, d("2027-03-15"), p, d("2027-06-01"))->message,
            "The owner's review request came after the 8-week deadline of 14 March 2027");
  p.review_request = {10, Unit::weeks};
  EXPECT_FALSE(refuse_review_request(f, d("2027-03-15"), p, d("2027-06-01")));
  f.review_requested_on = d("2027-02-01");
  EXPECT_NE(refuse_review_request(f, d("2027-02-02"), p, d("2027-06-01")), std::nullopt);
  Facts nominated;
  nominated.received_on = d("2027-01-01");
  EXPECT_EQ(refuse_review_request(nominated, d("2027-01-02"), p, d("2027-06-01"))->message,
            "Only the owner of a listed asset can ask for a review");
}

TEST(Transitions, a_review_is_decided_only_once_requested) {
  auto f = listed_on("2027-01-01", "2027-01-17");
  EXPECT_EQ(refuse_review_decision(f, d("2027-02-01"), d("2027-06-01"))->field, "review_outcome");
  f.review_requested_on = d("2027-02-01");
  EXPECT_NE(refuse_review_decision(f, d("2027-01-31"), d("2027-06-01")), std::nullopt);
  EXPECT_FALSE(refuse_review_decision(f, d("2027-02-01"), d("2027-06-01")));
  f.review_decided_on = d("2027-03-01");
  EXPECT_NE(refuse_review_decision(f, d("2027-03-02"), d("2027-06-01")), std::nullopt);
}

TEST(Transitions, a_notice_in_the_protected_period_starts_no_new_moratorium) {
  auto f = listed_on("2027-01-01", "2027-01-17");
  Periods p;
  auto first = rule_on_notice(f, d("2027-08-31"), p, d("2030-01-01"));
  ASSERT_FALSE(first.refusal);
  EXPECT_TRUE(first.starts_moratorium);
  f.notices.push_back({1, d("2027-08-31"), true, {}});
  auto second = rule_on_notice(f, d("2029-02-28"), p, d("2030-01-01"));
  ASSERT_FALSE(second.refusal);
  EXPECT_FALSE(second.starts_moratorium) << "the protected period runs to 28 February 2029";
  f.notices.push_back({2, d("2029-02-28"), false, {}});
  auto third = rule_on_notice(f, d("2029-03-01"), p, d("2030-01-01"));
  EXPECT_TRUE(third.starts_moratorium);
  EXPECT_NE(rule_on_notice(f, d("2029-02-01"), p, d("2030-01-01")).refusal, std::nullopt)
      << "notices come in order";
}

TEST(Transitions, a_notice_needs_a_listing_in_force) {
  Periods p;
  Facts nominated;
  nominated.received_on = d("2027-01-01");
  EXPECT_NE(rule_on_notice(nominated, d("2027-02-01"), p, d("2027-03-01")).refusal, std::nullopt);
  auto f = listed_on("2027-01-01", "2027-01-17");
  EXPECT_EQ(rule_on_notice(f, d("2032-01-18"), p, d("2033-01-01")).refusal->message,
            "The listing ended on 17 January 2032, so no notice is needed");
  EXPECT_FALSE(rule_on_notice(f, d("2032-01-17"), p, d("2033-01-01")).refusal);
}

TEST(Transitions, a_bid_request_counts_only_within_the_interim_moratorium) {
  auto f = listed_on("2027-01-01", "2027-01-17");
  Periods p;
  f.notices.push_back({7, d("2027-08-31"), true, {}});
  f.notices.push_back({8, d("2028-01-05"), false, {}});
  EXPECT_FALSE(refuse_bidder_request(f, 7, d("2027-10-12"), p, d("2027-12-01")));
  EXPECT_EQ(refuse_bidder_request(f, 7, d("2027-10-13"), p, d("2027-12-01"))->message,
            "The request to be treated as a potential bidder came after the interim moratorium ended on 12 "
            "October 2027");
  EXPECT_NE(refuse_bidder_request(f, 7, d("2027-08-30"), p, d("2027-12-01")), std::nullopt);
  EXPECT_NE(refuse_bidder_request(f, 8, d("2028-01-06"), p, d("2028-02-01")), std::nullopt);
  EXPECT_NE(refuse_bidder_request(f, 99, d("2027-09-01"), p, d("2027-12-01")), std::nullopt);
}

TEST(Transitions, compensation_is_claimed_within_13_weeks_of_the_loss) {
  Periods p;
  auto f = listed_on("2027-01-01", "2027-01-17");
  EXPECT_FALSE(refuse_compensation_claim(f, d("2027-05-03"), d("2027-08-02"), p, d("2027-09-01")));
  EXPECT_EQ(refuse_compensation_claim(f, d("2027-05-03"), d("2027-08-03"), p, d("2027-09-01"))->message,
            "The compensation claim came after the 13-week deadline of 2 August 2027");
  Facts refused;
  refused.received_on = d("2027-01-01");
  refused.status = Status::not_listed;
  refused.decided_on = d("2027-02-01");
  EXPECT_NE(refuse_compensation_claim(refused, d("2027-05-03"), d("2027-05-04"), p, d("2027-09-01")),
            std::nullopt);
}

TEST(Standing, a_listing_ends_after_five_years) {
  Periods p;
  auto f = listed_on("2027-01-01", "2027-01-17");
  EXPECT_EQ(standing_on(f, p, d("2032-01-17")), Standing::listed);
  EXPECT_EQ(standing_on(f, p, d("2032-01-18")), Standing::listing_ended);
  p.listing = {6, Unit::years};
  EXPECT_EQ(standing_on(f, p, d("2032-01-18")), Standing::listed);
}

std::vector<std::string> marks(const std::vector<TimelineEntry>& t) {
  std::vector<std::string> out;
  for (const auto& e : t) out.push_back(e.label + " " + iso(e.date) + " " + mark_name(e.mark));
  return out;
}

TEST(Timeline, marks_each_date_done_due_overdue_upcoming_or_passed) {
  Periods p;
  Facts f;
  f.received_on = d("2027-01-17");
  EXPECT_EQ(marks(timeline(f, p, d("2027-02-01"))),
            (std::vector<std::string>{"Nomination received 2027-01-17 done",
                                      "Council decision due 2027-03-14 upcoming"}));
  EXPECT_EQ(marks(timeline(f, p, d("2027-03-01")))[1], "Council decision due 2027-03-14 due");
  EXPECT_EQ(marks(timeline(f, p, d("2027-03-15")))[1], "Council decision due 2027-03-14 overdue");
  f = listed_on("2027-01-17", "2027-03-16");
  f.notices.push_back({1, d("2027-08-31"), true, {d("2027-09-10")}});
  auto t = timeline(f, p, d("2027-12-01"));
  EXPECT_EQ(marks(t), (std::vector<std::string>{
                          "Nomination received 2027-01-17 done",
                          "Council listed it as an asset of community value 2027-03-16 done",
                          "Owner could have asked for a review until 2027-05-11 passed",
                          "Owner's notice of intended disposal received 2027-08-31 done",
                          "A community group asked to be treated as a potential bidder 2027-09-10 done",
                          "Interim moratorium ended 2027-10-12 done",
                          "Full moratorium ends 2028-02-29 upcoming",
                          "Protected period ends 2029-02-28 upcoming",
                          "Listing ends 2032-03-16 upcoming",
                      }));
  EXPECT_EQ(t[1].detail, "2 days after the deadline of 14 March 2027");
}

std::vector<std::string> kinds(const std::vector<Reminder>& r) {
  std::vector<std::string> out;
  for (const auto& x : r) out.push_back(x.kind + " " + iso(x.due_on));
  return out;
}

TEST(Reminders, tell_officers_before_and_after_a_decision_is_due) {
  Periods p;
  Facts f;
  f.received_on = d("2027-01-17");
  EXPECT_TRUE(reminders_due(f, p, d("2027-02-27")).empty());
  EXPECT_EQ(kinds(reminders_due(f, p, d("2027-02-28"))),
            std::vector<std::string>{"decision_due_soon 2027-03-14"});
  EXPECT_EQ(kinds(reminders_due(f, p, d("2027-03-15"))),
            std::vector<std::string>{"decision_overdue 2027-03-14"});
  EXPECT_EQ(reminders_due(f, p, d("2027-03-15"))[0].audience, Audience::officers);
}

TEST(Reminders, tell_followers_when_the_bidding_window_closes_and_the_moratorium_ends) {
  Periods p;
  auto f = listed_on("2027-01-17", "2027-03-16");
  f.notices.push_back({1, d("2027-08-31"), true, {}});
  EXPECT_EQ(kinds(reminders_due(f, p, d("2027-10-01"))),
            std::vector<std::string>{"bid_window_closing 2027-10-12"});
  EXPECT_EQ(kinds(reminders_due(f, p, d("2027-10-13"))),
            std::vector<std::string>{"moratorium_ended 2027-10-12"});
  EXPECT_TRUE(reminders_due(f, p, d("2027-11-30")).empty());
  EXPECT_EQ(kinds(reminders_due(f, p, d("2032-03-10"))),
            std::vector<std::string>{"listing_ending 2032-03-16"});
}

TEST(Nominations, need_what_the_regulations_require_from_an_eligible_body) {
  Nomination n{"The Red Lion",
               "1 High Street",
               "A pub",
               "The building and garden",
               "Brewery plc, 2 Road",
               "",
               "A meeting place",
               "Friends of the Red Lion",
               "unincorporated_group",
               "20",
               "Members' names and addresses"};
  auto problems = nomination_problems(n);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "local_members");
  n.local_members = "21";
  EXPECT_TRUE(nomination_problems(n).empty());
  n.body_type = "pub_landlord";
  n.owner_email = "not an address";
  n.reasons = " ";
  std::vector<std::string> fields;
  for (const auto& e : nomination_problems(n)) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"owner_email", "reasons", "body_type"}));
}

}  // namespace
}  // namespace cw::community_value
