#include "web/router.h"

#include <gtest/gtest.h>

namespace cw::web {
namespace {

Handler named(std::string name) {
  return [name](const Request&, Context&) { return Response::text(name); };
}

TEST(Router, literal_segments_win_over_parameters) {
  Router r;
  r.get("/wards/{code}", named("param"));
  r.get("/wards/new", named("literal"));
  auto m = r.match(Method::get, "/wards/new");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/wards/new");
  auto p = r.match(Method::get, "/wards/E05013754");
  ASSERT_NE(p.route, nullptr);
  EXPECT_EQ(p.params.at("code"), "E05013754");
}

TEST(Router, head_is_answered_by_get_routes) {
  Router r;
  r.get("/places", named("x"));
  EXPECT_NE(r.match(Method::head, "/places").route, nullptr);
}

TEST(Router, wrong_method_lists_allowed_methods) {
  Router r;
  r.get("/petitions", named("list"));
  r.post("/petitions", named("create"));
  auto m = r.match(Method::del, "/petitions");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "HEAD", "POST"}));
}

TEST(Router, unknown_path_has_no_route_and_no_allowed_methods) {
  Router r;
  r.get("/places", named("x"));
  auto m = r.match(Method::get, "/nowhere");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed.empty());
  EXPECT_EQ(r.match(Method::get, "/places/").route, nullptr);
}

TEST(Router, empty_parameter_does_not_match) {
  Router r;
  r.get("/wards/{code}", named("x"));
  EXPECT_EQ(r.match(Method::get, "/wards/").route, nullptr);
}

TEST(Router, registering_a_route_twice_is_refused) {
  Router r;
  r.get("/a", named("x"));
  EXPECT_THROW(r.get("/a", named("y")), std::invalid_argument);
  EXPECT_THROW(r.get("no-slash", named("y")), std::invalid_argument);
}

}  // namespace
}  // namespace cw::web
