// The account rules without a database: addresses, passwords, names and sign-in throttling.
#include "modules/accounts/rules.h"

#include <gtest/gtest.h>

namespace cw::accounts {
namespace {

TEST(CanonicalEmail, lowercases_and_trims_a_plausible_address) {
  EXPECT_EQ(canonical_email("  Ann.Smith@Example.ORG "), "ann.smith@example.org");
  EXPECT_EQ(canonical_email("a+tag@sub.example.co.uk"), "a+tag@sub.example.co.uk");
}

TEST(CanonicalEmail, refuses_what_is_not_one_address) {
  for (const char* bad : {"", "ann", "@example.org", "ann@", "ann@example", "ann@@example.org",
                          "a b@example.org", "ann@example..org", "ann@.example.org", "ann@example.org.",
                          "a@b.c,d@e.f", "ann@example.org\r\nBcc: x@y.z", "<ann@example.org>"})
    EXPECT_FALSE(canonical_email(bad)) << bad;
  EXPECT_FALSE(canonical_email(std::string(250, 'a') + "@example.org"));
}

TEST(PasswordProblem, needs_twelve_to_128_characters_counted_as_characters_not_bytes) {
  EXPECT_TRUE(password_problem("walrus kett", "")) << "twelve is the minimum, not eleven";
  EXPECT_FALSE(password_problem("walrus kettl", ""));
  EXPECT_FALSE(password_problem("walrus kettle", ""));
  std::string long_one;
  while (long_one.size() < 129) long_one += "walrus kettle lantern ";
  EXPECT_TRUE(password_problem(long_one.substr(0, 129), ""));
  EXPECT_FALSE(password_problem(long_one.substr(0, 128), ""));
  // Eleven characters, but more than twelve bytes: still too short.
  EXPECT_TRUE(password_problem("Siân Ódhrán", ""));
  EXPECT_FALSE(password_problem("Siân Ódhrán!", ""));
}

TEST(PasswordProblem, refuses_repeated_characters_and_runs_of_keys_or_letters) {
  for (const char* weak :
       {"aaaaaaaaaaaa", "abababababab", "abcdabcdabcd", "abcdefghijkl", "ABCDEFGHIJKLM", "123456789012",
        "qwertyuiop12", "Qwertyuiop!!", "zyxwvutsrqpo", "1qaz2wsx3edc", "111111111111", "asdfghjkl123"}) {
    EXPECT_TRUE(is_patterned_password(weak)) << weak;
    auto problem = password_problem(weak, "");
    ASSERT_TRUE(problem) << weak;
  }
  EXPECT_NE(password_problem("aaaaaaaaaaaa", "")->find("pattern"), std::string::npos);
  for (const char* fine : {"walrus kettle lantern", "abcdef kettle", "correct-horse-9", "Siân Ódhrán!"})
    EXPECT_FALSE(is_patterned_password(fine)) << fine;
}

TEST(PasswordProblem, refuses_common_passwords_in_any_case_and_the_email_itself) {
  EXPECT_TRUE(is_common_password("password"));
  EXPECT_TRUE(is_common_password("PassWord"));
  EXPECT_TRUE(is_common_password("1234567890"));
  EXPECT_FALSE(is_common_password("walrus kettle lantern"));
  EXPECT_TRUE(is_common_password("password123")) << "a common word with digits added";
  EXPECT_TRUE(is_common_password("Sunshine2024!"));
  EXPECT_TRUE(password_problem("password123", "ann@example.org").has_value());
  EXPECT_FALSE(is_common_password("walrus kettle lantern 42")) << "only a common stem counts";
  auto problem = password_problem("password1234", "");
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("most common"), std::string::npos);
  EXPECT_TRUE(password_problem("ann@example.org", "Ann@Example.org"));
}

TEST(DisplayName, must_be_present_short_printable_and_not_a_formula) {
  EXPECT_FALSE(display_name_problem("Ann Smith"));
  EXPECT_FALSE(display_name_problem("Siân O'Neill-Jones"));
  EXPECT_TRUE(display_name_problem("   "));
  EXPECT_TRUE(display_name_problem(std::string(61, 'a')));
  EXPECT_TRUE(display_name_problem("=HYPERLINK(\"x\")"));
  EXPECT_TRUE(display_name_problem("@everyone"));
  EXPECT_TRUE(display_name_problem("Ann\tSmith"));
}

TEST(Throttle, five_failures_are_free_then_each_wait_doubles) {
  ThrottleState s;
  Micros now = 1'000'000'000'000;
  bool locked = false;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(throttle_wait(s, ThrottleKind::account, now), 0) << i;
    s = after_failure(s, ThrottleKind::account, now, locked);
  }
  EXPECT_EQ(throttle_wait(s, ThrottleKind::account, now), 1'000'000);
  s = after_failure(s, ThrottleKind::account, now, locked);
  EXPECT_EQ(throttle_wait(s, ThrottleKind::account, now), 2'000'000);
  EXPECT_EQ(throttle_wait(s, ThrottleKind::account, now + 2'000'000), 0);
  EXPECT_FALSE(locked);
}

TEST(Throttle, an_account_locks_for_an_hour_at_twenty_failures_and_says_so_once) {
  ThrottleState s;
  Micros now = 1'000'000'000'000;
  int locks = 0;
  for (int i = 0; i < 25; ++i) {
    bool locked = false;
    s = after_failure(s, ThrottleKind::account, now + i, locked);
    locks += locked;
  }
  EXPECT_EQ(locks, 1);
  EXPECT_GE(throttle_wait(s, ThrottleKind::account, now + 30 * kMinute), 29 * kMinute);
  EXPECT_EQ(throttle_wait(s, ThrottleKind::account, now + 2 * kHour), 0);
}

TEST(Throttle, a_patient_guesser_reaches_the_lock_within_the_hour) {
  // Each guess waits exactly as long as it must: the lock at 20 must come before the count is forgotten.
  ThrottleState s;
  Micros start = 1'000'000'000'000, now = start;
  bool locked = false;
  for (int i = 0; i < 20 && !locked; ++i) {
    now += throttle_wait(s, ThrottleKind::account, now);
    s = after_failure(s, ThrottleKind::account, now, locked);
  }
  EXPECT_TRUE(locked);
  EXPECT_LT(now - start, kHour);
  EXPECT_GE(throttle_wait(s, ThrottleKind::account, now), 59 * kMinute);
}

TEST(Throttle, the_account_wide_count_never_delays_and_locks_at_a_hundred) {
  ThrottleState s;
  Micros now = 1'000'000'000'000;
  bool locked = false;
  for (int i = 0; i < 99; ++i) {
    EXPECT_EQ(throttle_wait(s, ThrottleKind::account_wide, now + i), 0) << i;
    s = after_failure(s, ThrottleKind::account_wide, now + i, locked);
    EXPECT_FALSE(locked);
  }
  s = after_failure(s, ThrottleKind::account_wide, now + 100, locked);
  EXPECT_TRUE(locked);
  EXPECT_GT(throttle_wait(s, ThrottleKind::account_wide, now + 101), 59 * kMinute);
}

TEST(Throttle, failures_older_than_the_window_are_forgotten) {
  ThrottleState s;
  bool locked = false;
  Micros now = 1'000'000'000'000;
  for (int i = 0; i < 8; ++i) s = after_failure(s, ThrottleKind::ip, now, locked);
  s = after_failure(s, ThrottleKind::ip, now + 20 * kMinute, locked);
  EXPECT_EQ(s.failures, 1);
  EXPECT_EQ(throttle_wait(s, ThrottleKind::ip, now + 20 * kMinute), 0);
}

TEST(WaitInWords, rounds_up_to_seconds_then_minutes) {
  EXPECT_EQ(wait_in_words(1), "1 second");
  EXPECT_EQ(wait_in_words(40'000'000), "40 seconds");
  EXPECT_EQ(wait_in_words(61'000'000), "2 minutes");
}

}  // namespace
}  // namespace cw::accounts

namespace cw::accounts {
namespace {

TEST(Throttle, an_address_shared_by_many_people_gets_thirty_free_failures) {
  ThrottleState s;
  bool locked = false;
  Micros now = 1'000'000'000'000;
  for (int i = 0; i < 29; ++i) s = after_failure(s, ThrottleKind::ip, now, locked);
  EXPECT_EQ(throttle_wait(s, ThrottleKind::ip, now), 0);
  s = after_failure(s, ThrottleKind::ip, now, locked);
  EXPECT_EQ(throttle_wait(s, ThrottleKind::ip, now), 1'000'000);
  EXPECT_GT(throttle_wait(s, ThrottleKind::account, now), 0) << "the same count would hold back an account";
}

}  // namespace
}  // namespace cw::accounts
