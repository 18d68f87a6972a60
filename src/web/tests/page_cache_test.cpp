// The anonymous page cache: what it keeps, for whom, and when a kept page stops being served.
#include "web/page_cache.h"

#include <gtest/gtest.h>

namespace cw::web {
namespace {

Request get(std::string target, std::string accept_encoding = "") {
  Request r;
  r.method = Method::get;
  r.target = target;
  r.path = target.substr(0, target.find('?'));
  if (!accept_encoding.empty()) r.headers.emplace("Accept-Encoding", std::move(accept_encoding));
  return r;
}

Response page(std::string body) {
  return Response::html(std::move(body));
}

TEST(PageCache, a_page_is_served_until_the_next_commit_or_for_two_seconds) {
  PageCache cache;
  auto key = PageCache::key_for(get("/petitions/1"), false);
  ASSERT_TRUE(key);
  cache.keep(*key, page("<p>12 signatures</p>"), "/petitions/{id}", 7, 1'000'000);
  auto hit = cache.find(*key, 7, 2'000'000);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->response.body, "<p>12 signatures</p>");
  EXPECT_EQ(hit->route, "/petitions/{id}");
  EXPECT_FALSE(cache.find(*key, 8, 1'500'000)) << "something was committed since";
  EXPECT_FALSE(cache.find(*key, 7, 3'000'000)) << "two seconds old";
  EXPECT_FALSE(cache.find(*key, 7, 999'999)) << "a clock set back";
}

TEST(PageCache, only_anonymous_gets_of_complete_html_pages_are_kept) {
  EXPECT_FALSE(PageCache::key_for(get("/petitions/1"), true)) << "a signed-in reader's page is their own";
  auto post = get("/petitions/1");
  post.method = Method::post;
  EXPECT_FALSE(PageCache::key_for(post, false));
  EXPECT_NE(*PageCache::key_for(get("/search?q=a"), false), *PageCache::key_for(get("/search?q=b"), false));
  EXPECT_NE(*PageCache::key_for(get("/", "br"), false), *PageCache::key_for(get("/", "gzip"), false))
      << "each encoding is its own answer";

  PageCache cache;
  cache.keep("a", Response::json("{}"), "/api", 1, 0);
  cache.keep("b", page("missing"), "/x", 1, 0);
  auto missing = page("gone");
  missing.status = 404;
  cache.keep("c", missing, "/x", 1, 0);
  auto with_cookie = page("cookie");
  with_cookie.set("Set-Cookie", "s=1");
  cache.keep("d", with_cookie, "/x", 1, 0);
  EXPECT_FALSE(cache.find("a", 1, 0)) << "JSON is not a page";
  EXPECT_TRUE(cache.find("b", 1, 0));
  EXPECT_FALSE(cache.find("c", 1, 0)) << "only 200s";
  EXPECT_FALSE(cache.find("d", 1, 0)) << "never a response that sets a cookie";
}

TEST(PageCache, many_addresses_never_grow_it_past_its_bound) {
  PageCache cache;
  for (int i = 0; i < 2000; ++i) cache.keep("/search?q=" + std::to_string(i), page("x"), "/search", 1, 0);
  EXPECT_LE(cache.size(), 512u);
  EXPECT_TRUE(cache.find("/search?q=1999", 1, 0)) << "the newest stays";
}

}  // namespace
}  // namespace cw::web
