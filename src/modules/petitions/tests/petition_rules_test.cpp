// The rules of e-petitions without a database: every state move, canonical emails and names, CSV-formula
// names, closing dates across month ends and leap years, thresholds, settings and the fraud monitor.
#include <gtest/gtest.h>

#include <chrono>

#include "common/civil_date.h"
#include "modules/petitions/fraud.h"
#include "modules/petitions/petition.h"

namespace cw::petitions {
namespace {

using enum State;

Micros at(int y, unsigned m, unsigned d, int hour = 12) {
  using namespace std::chrono;
  auto date = sys_days(year(y) / month(m) / std::chrono::day(d));
  return duration_cast<microseconds>((date + hours(hour)).time_since_epoch()).count();
}

TEST(PetitionStates, only_the_listed_moves_are_allowed) {
  struct Move {
    State from, to;
    bool ok;
  };
  const Move moves[] = {
      {pending, validated, true}, {pending, open, false},     {validated, sponsored, true},
      {validated, open, false},   {sponsored, open, true},    {sponsored, rejected, true},
      {sponsored, hidden, true},  {sponsored, flagged, true}, {flagged, dormant, true},
      {dormant, open, true},      {flagged, flagged, false},  {open, closed, true},
      {open, hidden, true},       {open, removed, true},      {open, rejected, false},
      {hidden, open, true},       {rejected, hidden, true},   {rejected, open, false},
      {closed, open, false},      {removed, open, false},     {closed, removed, false},
  };
  for (const auto& m : moves)
    EXPECT_EQ(can_move(m.from, m.to), m.ok) << state_name(m.from) << " -> " << state_name(m.to);
  for (auto s : {pending, validated, sponsored, flagged, dormant, open, rejected, hidden, closed, removed})
    EXPECT_EQ(parse_state(state_name(s)), s);
  EXPECT_FALSE(parse_state("archived"));
  EXPECT_TRUE(is_public(open) && is_public(closed) && is_public(rejected));
  EXPECT_FALSE(is_public(hidden) || is_public(sponsored) || is_public(removed));
}

TEST(PetitionSigners, emails_are_canonical_so_one_person_counts_once) {
  EXPECT_EQ(canonical_signer_email(" Jo.Bloggs+petitions@GoogleMail.com "), "jobloggs@gmail.com");
  EXPECT_EQ(canonical_signer_email("jo.bloggs@example.org"), "jo.bloggs@example.org");
  EXPECT_EQ(canonical_signer_email("jo+x@example.org"), "jo@example.org");
  EXPECT_FALSE(canonical_signer_email("not an email"));
  EXPECT_FALSE(canonical_signer_email("a@b"));
  EXPECT_EQ(canonical_name("  Jo   BLOGGS "), "jo bloggs");
  EXPECT_EQ(email_domain("jo@example.org"), "example.org");
}

TEST(PetitionSigners, names_a_spreadsheet_would_run_are_refused) {
  for (const char* bad : {"=HYPERLINK(\"x\")", "+44", "-1", "@SUM(A1)", "  =1"}) {
    EXPECT_TRUE(looks_like_formula(bad)) << bad;
    SignerDraft d{bad, "jo@example.org", "SM1 1EA", true, false};
    auto problems = check_signer_draft(d);
    ASSERT_EQ(problems.size(), 1u) << bad;
    EXPECT_EQ(problems[0].field, "name");
  }
  EXPECT_FALSE(looks_like_formula("Jo Bloggs"));
}

TEST(PetitionSigners, a_signature_needs_every_field_and_the_declaration) {
  auto problems = check_signer_draft({"", "nope", "XX", false, false});
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].message, "Enter your name");
  EXPECT_EQ(problems[1].message, "Enter an email address in the correct format, like name@example.com");
  EXPECT_EQ(problems[2].message, "Enter a real postcode, for example SM1 1EA");
  EXPECT_EQ(problems[3].field, "declaration");
}

TEST(PetitionDrafts, the_e_petition_limits_are_enforced) {
  PetitionDraft d{.action = std::string(81, 'a'),
                  .background = std::string(301, 'b'),
                  .details = std::string(801, 'c'),
                  .topic = "unicorns",
                  .name = "Jo",
                  .email = "jo@example.org",
                  .postcode = "SM1 1EA",
                  .declaration = true};
  auto problems = check_petition_draft(d);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].message,
            "What you want the council to do must be 80 characters or fewer (you have 81)");
  EXPECT_EQ(problems[1].field, "background");
  EXPECT_EQ(problems[2].field, "details");
  EXPECT_EQ(problems[3].message, "Select a topic from the list");
  d.action = "Fix the lights";
  d.background = "They are broken";
  d.details = "";
  d.topic = "transport";
  EXPECT_TRUE(check_petition_draft(d).empty());
}

TEST(PetitionDates, a_petition_closes_at_the_end_of_the_day_months_later_clamped_to_the_month_end) {
  EXPECT_EQ(closing_time(at(2027, 1, 15), 6), at(2027, 7, 16, 0));
  EXPECT_EQ(closing_time(at(2027, 8, 31), 6), at(2028, 3, 1, 0));  // 29 February: a leap year
  EXPECT_EQ(closing_time(at(2026, 8, 31), 6), at(2027, 3, 1, 0));
  EXPECT_EQ(closing_time(at(2027, 10, 31), 1), at(2027, 12, 1, 0));
  EXPECT_EQ(closing_time(at(2027, 12, 1, 9), 1), at(2028, 1, 2, 0));
  EXPECT_EQ(civil::closes_text(closing_time(at(2027, 1, 15), 6)), "Closes at the end of 15 July 2027");
}

TEST(PetitionThresholds, each_threshold_is_reached_once) {
  Settings s;
  auto r = thresholds_reached(499, s, false, false);
  EXPECT_FALSE(r.response || r.debate);
  r = thresholds_reached(500, s, false, false);
  EXPECT_TRUE(r.response);
  EXPECT_FALSE(r.debate);
  r = thresholds_reached(2600, s, true, false);
  EXPECT_FALSE(r.response);
  EXPECT_TRUE(r.debate);
  r = thresholds_reached(9000, s, true, true);
  EXPECT_FALSE(r.response || r.debate);
}

TEST(PetitionSettings, settings_outside_their_ranges_are_refused) {
  Settings s{.sponsors_required = 51,
             .open_months = 0,
             .response_threshold = 100,
             .debate_threshold = 100,
             .names_per_email = 0,
             .mailbox = "nope"};
  auto problems = check_settings(s);
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[3].field, "names_per_email");
  EXPECT_TRUE(check_settings(Settings{}).empty());
}

TEST(PetitionFraud, one_network_beyond_its_rate_is_suspect_and_one_address_too_fast_is_refused) {
  FraudMonitor m({.network_burst = 3, .network_per_hour = 1, .address_burst = 5, .address_per_minute = 1});
  Micros now = at(2027, 3, 1);
  for (int i = 0; i < 3; ++i)
    EXPECT_FALSE(m.assess(1, "203.0.113.9", "203.0.113.0/24", "gmail.com", now).suspect);
  auto v = m.assess(1, "203.0.113.9", "203.0.113.0/24", "gmail.com", now);
  EXPECT_TRUE(v.suspect);
  EXPECT_NE(v.reason.find("203.0.113.0/24"), std::string::npos);
  EXPECT_FALSE(m.assess(2, "203.0.113.10", "203.0.113.0/24", "gmail.com", now).suspect);  // another petition
  EXPECT_FALSE(m.assess(1, "198.51.100.7", "198.51.100.0/24", "gmail.com", now).refuse);
  EXPECT_FALSE(m.assess(1, "203.0.113.9", "203.0.113.0/24", "gmail.com", now).refuse);  // its fifth
  auto refused = m.assess(1, "203.0.113.9", "203.0.113.0/24", "gmail.com", now);
  EXPECT_TRUE(refused.refuse);
  EXPECT_GT(refused.retry_after, 0);
  EXPECT_TRUE(FraudMonitor::is_common_domain("gmail.com"));
  EXPECT_FALSE(FraudMonitor::is_common_domain("bots.example"));
}

TEST(PetitionFraud, an_uncommon_domain_beyond_its_rate_is_suspect) {
  FraudMonitor m({.domain_burst = 2, .domain_per_hour = 1});
  Micros now = at(2027, 3, 1);
  EXPECT_FALSE(m.assess(1, "", "", "bots.example", now).suspect);
  EXPECT_FALSE(m.assess(1, "", "", "bots.example", now).suspect);
  EXPECT_TRUE(m.assess(1, "", "", "bots.example", now).suspect);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(m.assess(1, "", "", "gmail.com", now).suspect);
}

TEST(PetitionFraud, a_sudden_rush_is_flagged_once) {
  FraudMonitor m({.burst_floor = 50, .burst_factor = 10});
  Micros minute = 60'000'000, t = at(2027, 3, 1);
  int bursts = 0;
  for (int i = 0; i < 10; ++i)  // a steady trickle: 2 a minute for 10 minutes
    for (int j = 0; j < 2; ++j) bursts += m.assess(1, "", "", "", t + i * minute + j).burst_started;
  EXPECT_EQ(bursts, 0);
  for (int j = 0; j < 200; ++j) bursts += m.assess(1, "", "", "", t + 10 * minute + j).burst_started;
  EXPECT_EQ(bursts, 1);
}

}  // namespace
}  // namespace cw::petitions
