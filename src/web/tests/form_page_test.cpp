// Pages with anonymous forms: one rendering serves every visitor, each getting a token bound to their
// own form cookie; the stitched gzip body decompresses to the page; the page cache keeps the form.
#include "web/form_page.h"

#include <gtest/gtest.h>

#include <regex>

#include "web/compression.h"
#include "web/cookies.h"
#include "web/csrf.h"
#include "web/page_cache.h"

namespace cw::web {
namespace {

constexpr Micros kNow = 1'790'000'000'000'000;

std::string filler(std::size_t n) {
  std::string out;
  while (out.size() < n) out += "<p class=\"govuk-body\">Sign the petition to keep the library open.</p>\n";
  return out;
}

Response page_with_forms(std::size_t filler_size) {
  std::string token_field =
      "<input type=\"hidden\" name=\"csrf_token\" value=\"" + std::string(kAnonymousCsrfMarker) + "\">";
  return Response::html(filler(filler_size) + "<form>" + token_field + "</form>" + filler(filler_size) +
                        "<form>" + token_field + "</form>" + filler(100));
}

Request visitor(const std::string& cookie = {}, const std::string& accept = "gzip, deflate, br") {
  Request r;
  r.path = "/petitions/1";
  if (!accept.empty()) r.headers.emplace("Accept-Encoding", accept);
  if (!cookie.empty()) r.headers.emplace("Cookie", "other=1; commonweal_form=" + cookie);
  return r;
}

std::vector<std::string> tokens_in(const std::string& html) {
  std::vector<std::string> out;
  std::regex field(R"re(name="csrf_token" value="([^"]*)")re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), field); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

std::string set_cookie(const Response& r) {
  auto it = r.headers.find("Set-Cookie");
  return it == r.headers.end() ? "" : it->second;
}

TEST(FormPage, a_page_without_the_marker_is_not_a_form_page) {
  EXPECT_EQ(FormPage::split(Response::html(filler(5000))), nullptr);
}

TEST(FormPage, a_new_visitor_gets_a_form_cookie_and_tokens_for_it_in_gzip) {
  auto form = FormPage::split(page_with_forms(4000));
  ASSERT_NE(form, nullptr);
  auto res = form->serve(visitor(), "key", false, kNow);
  EXPECT_EQ(res.headers.find("Content-Encoding")->second, "gzip");
  auto html = gzip_decompress(res.body);
  EXPECT_EQ(html.find(kAnonymousCsrfMarker), std::string::npos);
  auto cookie_line = set_cookie(res);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(cookie_line, m, std::regex("^commonweal_form=([A-Za-z0-9_-]{22}); ")));
  EXPECT_NE(cookie_line.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie_line.find("SameSite=Lax"), std::string::npos);
  auto tokens = tokens_in(html);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0], tokens[1]);
  EXPECT_TRUE(check_anonymous_csrf("key", m[1].str(), tokens[0], kNow));
  // Apart from the tokens, it is the page as made.
  auto expected = page_with_forms(4000).body;
  for (const auto& t : tokens)
    expected.replace(expected.find(kAnonymousCsrfMarker), kAnonymousCsrfMarker.size(), t);
  EXPECT_EQ(html, expected);
  EXPECT_NE(res.headers.find("Vary")->second.find("Cookie"), std::string::npos);
}

TEST(FormPage, a_returning_visitor_keeps_their_cookie_and_two_visitors_get_different_tokens) {
  auto form = FormPage::split(page_with_forms(4000));
  auto mine = new_form_cookie(), theirs = new_form_cookie();
  auto a = form->serve(visitor(mine), "key", false, kNow);
  auto b = form->serve(visitor(theirs), "key", false, kNow);
  EXPECT_EQ(set_cookie(a), "") << "a visitor with a form cookie keeps it";
  auto token_a = tokens_in(gzip_decompress(a.body)).at(0);
  auto token_b = tokens_in(gzip_decompress(b.body)).at(0);
  EXPECT_NE(token_a, token_b);
  EXPECT_TRUE(check_anonymous_csrf("key", mine, token_a, kNow));
  EXPECT_FALSE(check_anonymous_csrf("key", mine, token_b, kNow)) << "another visitor's token is refused";
  auto forged = form->serve(visitor("not;a-cookie-we-made"), "key", false, kNow);
  EXPECT_NE(set_cookie(forged), "") << "a cookie of the wrong shape is replaced";
}

TEST(FormPage, behind_tls_the_cookie_is_host_only_and_secure) {
  auto res = FormPage::split(page_with_forms(10))->serve(visitor(), "key", true, kNow);
  auto line = set_cookie(res);
  EXPECT_TRUE(line.starts_with("__Host-commonweal_form=")) << line;
  EXPECT_NE(line.find("; Secure"), std::string::npos);
  EXPECT_NE(line.find("; Path=/"), std::string::npos);
}

TEST(FormPage, clients_without_gzip_and_small_pages_get_plain_html) {
  auto big = FormPage::split(page_with_forms(4000));
  for (const char* accept : {"", "br", "gzip;q=0"}) {
    auto res = big->serve(visitor(new_form_cookie(), accept), "key", false, kNow);
    EXPECT_EQ(res.headers.find("Content-Encoding"), res.headers.end()) << accept;
    EXPECT_EQ(tokens_in(res.body).size(), 2u);
  }
  auto small = FormPage::split(page_with_forms(10))->serve(visitor(), "key", false, kNow);
  EXPECT_EQ(small.headers.find("Content-Encoding"), small.headers.end());
  EXPECT_EQ(tokens_in(small.body).size(), 2u);
}

TEST(GzipPieces, joins_decompress_to_the_whole_text_whatever_goes_between) {
  std::vector<std::string> pieces{"", filler(70000), "", "x", filler(300)};
  GzipPieces gz(std::vector<std::string_view>(pieces.begin(), pieces.end()));
  for (std::string between : {std::string(), std::string("tok"), filler(2000)}) {
    std::string whole;
    for (std::size_t i = 0; i < pieces.size(); ++i) whole += (i ? between : "") + pieces[i];
    EXPECT_EQ(gzip_decompress(gz.join(between)), whole) << between.size();
  }
  EXPECT_THROW(gz.join(std::string(70000, 'a')), std::invalid_argument);
}

TEST(PageCache, a_form_page_is_kept_without_tokens_and_served_per_visitor) {
  PageCache cache;
  auto form = FormPage::split(page_with_forms(4000));
  cache.keep("k", form, "/petitions/{id}", 1, kNow);
  auto hit = cache.find("k", 1, kNow + 1000);
  ASSERT_TRUE(hit);
  ASSERT_NE(hit->form, nullptr);
  auto cookie = new_form_cookie();
  auto html = gzip_decompress(hit->form->serve(visitor(cookie), "key", false, kNow).body);
  EXPECT_TRUE(check_anonymous_csrf("key", cookie, tokens_in(html).at(0), kNow));
  EXPECT_FALSE(cache.find("k", 2, kNow + 1000)) << "a commit voids it";
}

}  // namespace
}  // namespace cw::web
