// Building messages: addresses and header values that could inject headers are refused, bodies survive
// quoted-printable, subjects survive RFC 2047, and the result parses as a mail client would read it.
#include <gtest/gtest.h>

#include <sodium.h>

#include <sstream>

#include "modules/mail/mime.h"
#include "modules/mail/tests/mime_reader.h"

namespace cw::mail {
namespace {

using testing::parse_mail;

std::string lf(std::string s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) out += s[i];
  return out;
}

// Decodes "=?UTF-8?B?…?=" words (separated by folding) back to text.
std::string decode_words(const std::string& header) {
  std::string out;
  for (std::size_t at = header.find("=?UTF-8?B?"); at != std::string::npos;
       at = header.find("=?UTF-8?B?", at + 1)) {
    const auto start = at + 10, end = header.find("?=", start);
    const auto b64 = header.substr(start, end - start);
    std::string bin(b64.size(), '\0');
    std::size_t len = 0;
    EXPECT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), b64.c_str(),
                                b64.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL),
              0);
    out += bin.substr(0, len);
  }
  return out;
}

MimeInput sample() {
  return {.from = {"commonweal", "noreply@example.org"},
          .to = "resident@example.org",
          .subject = "Confirm your email address",
          .text = "Hello,\n\nFollow this link: https://example.org/confirm?t=abc&x=1\n",
          .html = "<p>Hello,</p>\n<p><a href=\"https://example.org/confirm?t=abc&amp;x=1\">Confirm</a></p>\n",
          .date = 1'700'000'000'000'000,
          .message_id = "cw.7.1700000000000000@example.org"};
}

TEST(Mime, a_single_bare_address_is_accepted_and_anything_else_refused) {
  EXPECT_TRUE(is_single_address("someone@example.org"));
  EXPECT_TRUE(is_single_address("first.last+tag@sub.example.org"));
  for (const char* bad :
       {"", "someone", "@example.org", "someone@", "a@b@c", "a@example.org, b@example.org",
        "Someone <a@example.org>", "a@example.org\r\nBcc: x@evil.example", "a b@example.org",
        "a@example.org\n", ".a@example.org", "a..b@example.org", "a@example..org"})
    EXPECT_FALSE(is_single_address(bad)) << bad;
}

TEST(Mime, header_values_with_line_breaks_are_not_header_safe) {
  EXPECT_TRUE(is_header_safe("An ordinary subject\twith a tab"));
  EXPECT_FALSE(is_header_safe("Hello\r\nBcc: x@evil.example"));
  EXPECT_FALSE(is_header_safe("Hello\nBcc: x@evil.example"));
  EXPECT_FALSE(is_header_safe(std::string("nul\0byte", 8)));
}

TEST(Mime, mailboxes_parse_with_or_without_a_display_name) {
  auto named = parse_mailbox("commonweal <noreply@localhost>");
  EXPECT_EQ(named.name, "commonweal");
  EXPECT_EQ(named.address, "noreply@localhost");
  auto quoted = parse_mailbox("\"Sutton, Council\" <council@example.org>");
  EXPECT_EQ(quoted.name, "Sutton, Council");
  auto bare = parse_mailbox("  noreply@example.org ");
  EXPECT_EQ(bare.name, "");
  EXPECT_EQ(bare.address, "noreply@example.org");
  EXPECT_THROW(parse_mailbox("commonweal"), std::invalid_argument);
  EXPECT_THROW(parse_mailbox("x <a@b.org, c@d.org>"), std::invalid_argument);
}

TEST(Mime, quoted_printable_round_trips_and_keeps_every_line_within_76_characters) {
  std::string text = "Grüße aus Sutton — £5 = five pounds.\n" + std::string(300, 'x') + "\n.leading dot\n" +
                     "trailing space \n" + std::string(200, '=') + "\n";
  const auto encoded = quoted_printable(text);
  std::istringstream lines(encoded);
  for (std::string line; std::getline(lines, line, '\n');) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_FALSE(line.starts_with(".")) << "a lone dot line would end SMTP DATA";
    EXPECT_FALSE(line.ends_with(" ")) << "trailing spaces are stripped in transit";
    for (char c : line) EXPECT_TRUE(static_cast<unsigned char>(c) < 0x80) << line;
  }
  EXPECT_EQ(lf(testing::decode_quoted_printable(encoded)), text);
}

TEST(Mime, a_plain_ascii_subject_stays_readable_and_others_are_rfc2047_encoded) {
  EXPECT_EQ(encode_header_text("Confirm your email address"), "Confirm your email address");
  const std::string utf8 = "Bestätigen Sie Ihre E-Mail-Adresse für Sutton — 🏛️ bitte heute noch";
  const auto encoded = encode_header_text(utf8);
  EXPECT_TRUE(encoded.starts_with("=?UTF-8?B?")) << encoded;
  std::istringstream lines(encoded);
  for (std::string line; std::getline(lines, line, '\n');) EXPECT_LE(line.size(), 76u - 9u) << line;
  EXPECT_EQ(decode_words(encoded), utf8);
  EXPECT_TRUE(encode_header_text("looks =?like?= a word").starts_with("=?UTF-8?B?"));
}

TEST(Mime, a_long_ascii_subject_is_folded_at_spaces) {
  const std::string subject(40, 'a');
  const auto folded = encode_header_text(subject + " " + subject + " " + subject);
  EXPECT_NE(folded.find("\r\n "), std::string::npos) << folded;
  std::string unfolded = folded;
  for (auto at = unfolded.find("\r\n"); at != std::string::npos; at = unfolded.find("\r\n"))
    unfolded.erase(at, 2);
  EXPECT_EQ(unfolded, subject + " " + subject + " " + subject);
}

TEST(Mime, dates_are_rfc5322_in_utc) {
  EXPECT_EQ(rfc5322_date(1'700'000'000'000'000), "Tue, 14 Nov 2023 22:13:20 +0000");
  EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST(Mime, a_message_with_html_is_multipart_alternative_with_both_bodies_intact) {
  auto in = sample();
  in.list_unsubscribe = "https://example.org/unsubscribe/xyz";
  const auto message = build_message(in);
  const auto m = parse_mail(message);
  EXPECT_EQ(m.headers.at("from"), "commonweal <noreply@example.org>");
  EXPECT_EQ(m.headers.at("to"), "resident@example.org");
  EXPECT_EQ(m.headers.at("subject"), "Confirm your email address");
  EXPECT_EQ(m.headers.at("date"), "Tue, 14 Nov 2023 22:13:20 +0000");
  EXPECT_EQ(m.headers.at("message-id"), "<cw.7.1700000000000000@example.org>");
  EXPECT_EQ(m.headers.at("mime-version"), "1.0");
  EXPECT_EQ(m.headers.at("list-unsubscribe"), "<https://example.org/unsubscribe/xyz>");
  EXPECT_EQ(m.headers.at("list-unsubscribe-post"), "List-Unsubscribe=One-Click");
  EXPECT_TRUE(m.headers.at("content-type").starts_with("multipart/alternative;"));
  ASSERT_EQ(m.parts.size(), 2u);
  EXPECT_EQ(m.parts[0].headers.at("content-type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(lf(m.parts[0].body), in.text);
  EXPECT_EQ(m.parts[1].headers.at("content-type"), "text/html; charset=UTF-8");
  EXPECT_EQ(lf(m.parts[1].body), in.html);
  EXPECT_EQ(message.find("\n"), message.find("\r\n") + 1) << "CRLF line ends";
}

TEST(Mime, a_message_without_html_is_one_text_part_without_list_headers) {
  auto in = sample();
  in.html.clear();
  const auto m = parse_mail(build_message(in));
  EXPECT_EQ(m.headers.at("content-type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(m.headers.count("list-unsubscribe"), 0u);
  ASSERT_EQ(m.parts.size(), 1u);
  EXPECT_EQ(lf(m.parts[0].body), in.text + "\n");
}

TEST(Mime, a_non_ascii_display_name_is_encoded) {
  auto in = sample();
  in.from.name = "Bürgerbüro";
  const auto m = parse_mail(build_message(in));
  EXPECT_EQ(decode_words(m.headers.at("from")), "Bürgerbüro");
  EXPECT_TRUE(m.headers.at("from").ends_with(" <noreply@example.org>"));
}

TEST(Mime, injected_header_values_are_refused_when_building) {
  auto in = sample();
  in.subject = "Hi\r\nBcc: everyone@example.org";
  EXPECT_THROW(build_message(in), std::invalid_argument);
  in = sample();
  in.to = "a@example.org\r\nBcc: everyone@example.org";
  EXPECT_THROW(build_message(in), std::invalid_argument);
  in = sample();
  in.list_unsubscribe = "https://example.org/u> <mailto:x@evil.example";
  EXPECT_THROW(build_message(in), std::invalid_argument);
}

}  // namespace
}  // namespace cw::mail
