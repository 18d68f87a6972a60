// The second factor's pieces that need no database: codes from RFC 6238's own test vectors, one step of
// clock drift allowed and no more, the QR code and the typed forms of codes.
#include "modules/accounts/second_factor.h"

#include <gtest/gtest.h>

#include <set>

namespace cw::accounts {
namespace {

// RFC 6238 appendix B's SHA-1 key, "12345678901234567890", in base32.
constexpr const char* kRfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

TEST(SecondFactor, codes_match_the_rfc_6238_test_vectors) {
  // The vectors are 8 digits; 6-digit codes are their last six.
  EXPECT_EQ(totp_code(kRfcSecret, 59), "287082");
  EXPECT_EQ(totp_code(kRfcSecret, 1111111109), "081804");
  EXPECT_EQ(totp_code(kRfcSecret, 1234567890), "005924");
  EXPECT_EQ(totp_code(kRfcSecret, 2000000000), "279037");
}

TEST(SecondFactor, a_code_matches_its_own_step_and_one_either_side_but_not_two) {
  const std::int64_t t = 1'790'000'000;
  auto code = totp_code(kRfcSecret, t);
  EXPECT_EQ(totp_step_matching(kRfcSecret, code, t), t / kTotpStep);
  EXPECT_EQ(totp_step_matching(kRfcSecret, code, t + kTotpStep), t / kTotpStep);
  EXPECT_EQ(totp_step_matching(kRfcSecret, code, t - kTotpStep), t / kTotpStep);
  EXPECT_FALSE(totp_step_matching(kRfcSecret, code, t + 2 * kTotpStep));
  EXPECT_FALSE(totp_step_matching(kRfcSecret, code, t - 2 * kTotpStep));
  EXPECT_EQ(totp_step_matching(kRfcSecret, code.substr(0, 3) + " " + code.substr(3), t), t / kTotpStep);
}

TEST(SecondFactor, malformed_codes_and_secrets_never_match) {
  const std::int64_t t = 1'790'000'000;
  for (const char* code : {"", "12345", "1234567", "12a456", "      "})
    EXPECT_FALSE(totp_step_matching(kRfcSecret, code, t)) << code;
  EXPECT_FALSE(totp_step_matching("not base32!", totp_code(kRfcSecret, t), t));
}

TEST(SecondFactor, new_secrets_are_160_bits_of_base32_and_differ) {
  auto a = new_totp_secret(), b = new_totp_secret();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
  EXPECT_EQ(grouped_secret("ABCDEFGHIJ"), "ABCD EFGH IJ");
  EXPECT_EQ(totp_code(a, 1'790'000'000).size(), 6u);
}

TEST(SecondFactor, the_enrolment_link_names_the_site_and_person_and_its_qr_code_is_an_accessible_svg) {
  auto uri = otpauth_uri("ABCD", "commonweal sutton.example", "ann@example.org");
  EXPECT_EQ(uri,
            "otpauth://totp/commonweal%20sutton.example:ann@example.org?secret=ABCD&issuer=commonweal%20"
            "sutton.example&algorithm=SHA1&digits=6&period=30");
  auto svg = qr_svg(uri, "QR code <to scan>");
  EXPECT_TRUE(svg.starts_with("<svg ")) << svg.substr(0, 100);
  EXPECT_NE(svg.find("role=\"img\" aria-label=\"QR code &lt;to scan&gt;\""), std::string::npos);
  EXPECT_NE(svg.find("<path fill=\"#000\" d=\"M4 4h7v1h-7z"), std::string::npos)
      << "the top-left finder pattern starts with a run of 7 dark modules inside the quiet zone";
  EXPECT_THROW(qr_svg(std::string(8000, 'x'), "too long"), std::runtime_error);
}

TEST(SecondFactor, recovery_codes_are_distinct_and_read_back_however_they_are_typed) {
  auto codes = new_recovery_codes();
  ASSERT_EQ(codes.size(), static_cast<std::size_t>(kRecoveryCodes));
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
  for (const auto& c : codes) {
    ASSERT_EQ(c.size(), 11u);
    EXPECT_EQ(c[5], '-');
  }
  EXPECT_EQ(normal_recovery_code("ABCDE FGHJK"), "abcdefghjk");
  EXPECT_EQ(normal_recovery_code("abcde-fghjk"), "abcdefghjk");
  EXPECT_FALSE(normal_recovery_code("abcde-fghj"));
  EXPECT_FALSE(normal_recovery_code("abcde-fghj0"));  // 0 is never in a code
  EXPECT_EQ(normal_totp_code("123 456"), "123456");
  EXPECT_FALSE(normal_totp_code("123-456"));
}

}  // namespace
}  // namespace cw::accounts
