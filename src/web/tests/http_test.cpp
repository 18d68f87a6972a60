#include "web/http.h"

#include "common/html_escape.h"

#include <gtest/gtest.h>

namespace cw::web {
namespace {

TEST(Http, query_is_decoded_with_plus_as_space_and_repeats_kept) {
  auto q = parse_query("q=old+library&ward=E1&ward=E2&empty=&flag");
  EXPECT_EQ(q.get("q"), "old library");
  EXPECT_EQ(q.all("ward"), (std::vector<std::string>{"E1", "E2"}));
  EXPECT_EQ(q.get("empty"), "");
  EXPECT_EQ(q.get("flag"), "");
  EXPECT_FALSE(q.get("missing").has_value());
}

TEST(Http, percent_escapes_decode_to_utf8) {
  EXPECT_EQ(percent_decode("caf%C3%A9%20bar", false), "café bar");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
}

TEST(Http, malformed_escape_is_a_400) {
  try {
    percent_decode("bad%zz", false);
    FAIL() << "no error";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "bad_encoding");
  }
  EXPECT_THROW(percent_decode("nul%00byte", false), HttpError);
  EXPECT_THROW(parse_query("a=%G1"), HttpError);
}

TEST(Http, build_request_splits_path_and_query) {
  auto r = build_request("GET", "/places/caf%C3%A9?x=1+2", {}, "", "127.0.0.1");
  EXPECT_EQ(r.method, Method::get);
  EXPECT_EQ(r.path, "/places/café");
  EXPECT_EQ(r.query.get("x"), "1 2");
}

TEST(Http, absolute_form_and_asterisk_targets_are_refused) {
  EXPECT_THROW(build_request("GET", "http://example.org/", {}, "", ""), HttpError);
  EXPECT_THROW(build_request("OPTIONS", "*", {}, "", ""), HttpError);
  EXPECT_THROW(build_request("GET", "", {}, "", ""), HttpError);
}

TEST(Http, form_requires_urlencoded_content_type) {
  Request r;
  r.body = "name=Ann";
  try {
    r.form();
    FAIL() << "no error";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status, 415);
  }
  r.headers.emplace("content-type", "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(r.form().get("name"), "Ann");
}

TEST(Http, header_lookup_ignores_case) {
  Request r;
  r.headers.emplace("Accept", "application/json");
  EXPECT_EQ(r.header("accept"), "application/json");
  r.path = "/places";
  EXPECT_TRUE(r.wants_json());
  r.headers.clear();
  r.headers.emplace("Accept", "text/html,application/json;q=0.9");
  EXPECT_FALSE(r.wants_json());
  r.path = "/api/v1/localities";
  EXPECT_TRUE(r.wants_json());
}

TEST(Http, escaping_covers_html_and_json_specials) {
  EXPECT_EQ(cw::html_escape(R"(<a href="x">'&')"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;");
  EXPECT_EQ(cw::html_escape("plain"), "plain");
  EXPECT_EQ(json_escape("a\"b\\c\n\x01"), "a\\\"b\\\\c\\n\\u0001");
}

TEST(Http, redirect_is_see_other_with_location) {
  auto r = Response::redirect("/places");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers.find("location")->second, "/places");
}

}  // namespace
}  // namespace cw::web
