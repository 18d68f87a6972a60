// CSRF tokens, cookies, the rate limiter and form views: the web layer's pieces for people.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "web/client_address.h"
#include "web/cookies.h"
#include "web/csrf.h"
#include "web/forms.h"
#include "web/metrics.h"
#include "web/rate_limiter.h"

namespace cw::web {
namespace {

constexpr Micros kNow = 1'790'000'000'000'000;

TEST(Csrf, a_session_token_is_bound_to_its_session_and_key) {
  auto token = session_csrf_token("key-1", "session-a");
  EXPECT_TRUE(check_session_csrf("key-1", "session-a", token));
  EXPECT_FALSE(check_session_csrf("key-1", "session-b", token));
  EXPECT_FALSE(check_session_csrf("key-2", "session-a", token));
  EXPECT_FALSE(check_session_csrf("key-1", "session-a", ""));
  EXPECT_FALSE(check_session_csrf("key-1", "session-a", token.substr(1)));
}

TEST(Csrf, an_anonymous_token_is_bound_to_its_form_cookie_and_expires_after_four_hours) {
  auto cookie = new_form_cookie();
  auto token = anonymous_csrf_token("key-1", cookie, kNow);
  EXPECT_TRUE(check_anonymous_csrf("key-1", cookie, token, kNow));
  EXPECT_TRUE(check_anonymous_csrf("key-1", cookie, token, kNow + kAnonymousCsrfLifetime - 1'000'000));
  EXPECT_FALSE(check_anonymous_csrf("key-1", cookie, token, kNow + kAnonymousCsrfLifetime + 1'000'000));
  EXPECT_FALSE(check_anonymous_csrf("key-2", cookie, token, kNow));
  EXPECT_FALSE(check_anonymous_csrf("key-1", new_form_cookie(), token, kNow)) << "another browser's cookie";
  EXPECT_FALSE(check_anonymous_csrf("key-1", "", token, kNow));
  // Moving the expiry forward breaks the signature.
  auto dot = token.find('.');
  auto later = std::to_string(std::stoll(token.substr(0, dot)) + 86400) + token.substr(dot);
  EXPECT_FALSE(check_anonymous_csrf("key-1", cookie, later, kNow));
  for (const char* bad : {"", ".", "x.y", "123", "12a.abc"})
    EXPECT_FALSE(check_anonymous_csrf("key-1", cookie, bad, kNow));
  EXPECT_FALSE(check_session_csrf("key-1", "", token)) << "an anonymous token is not a session token";
}

TEST(Csrf, form_cookies_are_random_and_only_their_own_shape_is_taken) {
  auto a = new_form_cookie();
  EXPECT_EQ(a.size(), 22u);
  EXPECT_TRUE(is_form_cookie(a));
  EXPECT_NE(a, new_form_cookie());
  for (const char* bad :
       {"", "short", "aaaaaaaaaaaaaaaaaaaaa;", "aaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaa aaaaaaaaaaa"})
    EXPECT_FALSE(is_form_cookie(bad)) << bad;
  EXPECT_EQ(form_cookie_name(true), "__Host-commonweal_form");
  EXPECT_EQ(form_cookie_name(false), "commonweal_form");
}

TEST(Cookies, the_named_cookie_is_found_among_others_and_headers) {
  Request req;
  req.headers.emplace("Cookie", "a=1; commonweal_session=abc; b=2");
  req.headers.emplace("cookie", "other=3");
  EXPECT_EQ(request_cookie(req, "commonweal_session"), "abc");
  EXPECT_EQ(request_cookie(req, "other"), "3");
  EXPECT_FALSE(request_cookie(req, "commonweal"));
  EXPECT_FALSE(request_cookie(req, "missing"));
}

TEST(Cookies, set_cookie_is_http_only_and_refuses_unsafe_values) {
  auto h = set_cookie_header("s", "v1", {.secure = true});
  EXPECT_EQ(h, "s=v1; Path=/; HttpOnly; SameSite=Lax; Secure");
  EXPECT_NE(set_cookie_header("s", "x", {.max_age = 0}).find("Max-Age=0"), std::string::npos);
  EXPECT_THROW(set_cookie_header("s", "a;b", {}), std::invalid_argument);
  EXPECT_THROW(set_cookie_header("s", "a\r\nSet-Cookie: x=y", {}), std::invalid_argument);
}

TEST(RateLimiter, a_burst_then_the_steady_rate_per_key) {
  RateLimiter limiter("test_burst", 3, 60);  // 3 at once, then one a second
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("203.0.113.1", kNow));
  EXPECT_FALSE(limiter.allow("203.0.113.1", kNow));
  EXPECT_TRUE(limiter.allow("203.0.113.2", kNow)) << "other keys have their own bucket";
  EXPECT_NEAR(limiter.retry_after("203.0.113.1", kNow), 1.0, 1e-6);
  EXPECT_TRUE(limiter.allow("203.0.113.1", kNow + 1'000'000));
  EXPECT_EQ(limiter.limited(), 1);
  EXPECT_EQ(limiter.allowed(), 5);
}

TEST(RateLimiter, memory_stays_bounded_under_a_flood_of_keys) {
  RateLimiter limiter("test_flood", 2, 1, 100);
  for (int i = 0; i < 1000; ++i) limiter.allow("key" + std::to_string(i), kNow);
  EXPECT_LE(limiter.keys(), 100u);
}

TEST(RateLimiter, a_flood_of_new_keys_does_not_give_a_limited_key_a_fresh_bucket) {
  RateLimiter limiter("test_lru", 1, 1, 100);
  EXPECT_TRUE(limiter.allow("attacker", kNow));
  EXPECT_FALSE(limiter.allow("attacker", kNow + 1));
  // A flood from other addresses, each mid-burst, while the attacker keeps trying.
  for (int i = 0; i < 1000; ++i) {
    limiter.allow("flood" + std::to_string(i), kNow + 2 + i);
    if (i % 50 == 0) {
      EXPECT_FALSE(limiter.allow("attacker", kNow + 2 + i)) << i;
    }
  }
  EXPECT_LE(limiter.keys(), 100u);
}

TEST(RateLimiter, an_ipv6_address_counts_by_its_64) {
  RateLimiter limiter("test_v6", 2, 1);
  EXPECT_TRUE(limiter.allow("2001:db8:1:2::1", kNow));
  EXPECT_TRUE(limiter.allow("2001:db8:1:2:ffff::9", kNow));
  EXPECT_FALSE(limiter.allow("2001:db8:1:2:abcd::77", kNow)) << "the same /64";
  EXPECT_TRUE(limiter.allow("2001:db8:1:3::1", kNow)) << "the next /64 is someone else";
  EXPECT_EQ(address_key("::ffff:203.0.113.5"), "203.0.113.5");
  EXPECT_EQ(address_key("203.0.113.5"), "203.0.113.5");
  EXPECT_EQ(address_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
}

TEST(RateLimiter, walking_through_the_64s_of_one_48_gains_at_most_the_block_share) {
  RateLimiter limiter("test_v48", 2, 1);
  int allowed = 0;
  for (int n = 0; n < 1000; ++n)
    if (limiter.allow(fmt::format("2001:db8:1:{:x}::1", n), kNow)) ++allowed;
  EXPECT_EQ(allowed, 2 * RateLimiter::kBlockShare) << "a burst of 2 per /64, 32 per /48";
  EXPECT_GT(limiter.retry_after("2001:db8:1:ffff::1", kNow), 0) << "a fresh /64 of a spent /48 waits";
  EXPECT_TRUE(limiter.allow("2001:db8:2::1", kNow)) << "another /48 is someone else";
  EXPECT_TRUE(limiter.allow("203.0.113.5", kNow)) << "IPv4 has no block tier";
  EXPECT_EQ(address_block_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1::/48");
  EXPECT_EQ(address_block_key("203.0.113.5"), "");
  EXPECT_EQ(address_block_key("::ffff:203.0.113.5"), "");
}

TEST(RateLimiter, its_state_is_in_the_metrics) {
  RateLimiter limiter("test_metrics", 1, 1);
  limiter.allow("k", kNow);
  limiter.allow("k", kNow);
  auto text = Metrics().prometheus_text();
  EXPECT_NE(text.find("commonweal_rate_limiter_keys{limiter=\"test_metrics\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("commonweal_rate_limiter_limited_total{limiter=\"test_metrics\"} 1"),
            std::string::npos);
  EXPECT_EQ(text.find("# TYPE commonweal_rate_limiter_keys gauge"),
            text.rfind("# TYPE commonweal_rate_limiter_keys gauge"))
      << "one TYPE line per family";
}

TEST(FormView, refills_typed_values_but_never_passwords_and_summarises_errors) {
  Params typed({{"email", "ann@example"}, {"password", "secret"}});
  FormView form(typed, {{"email", "Enter an email address in the correct format"}});
  auto email = form.field("email", "Email address", "", {.type = "email"});
  EXPECT_EQ(email["value"], "ann@example");
  EXPECT_EQ(email["error"], "Enter an email address in the correct format");
  auto password = form.field("password", "Password", "", {.type = "password"});
  EXPECT_EQ(password["value"], false);
  EXPECT_EQ(password["error"], false);
  EXPECT_EQ(form.summary()["items"][0]["href"], "#email");
  EXPECT_EQ(FormView().summary(), false);
  EXPECT_EQ(FormView().field("name", "Name", "Ann")["value"], "Ann");
}

}  // namespace
}  // namespace cw::web
