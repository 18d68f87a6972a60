// The server end to end over loopback HTTP, on SQLite and on PostgreSQL: routing, content negotiation,
// security headers, HEAD, static files, health, metrics, the OpenAPI document and the places module.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http_client.h"
#include "test_server.h"

namespace cw::testing {
namespace {

class ServerTest : public ::testing::TestWithParam<EngineUnderTest> {
 protected:
  static void SetUpTestSuite() {}
  void SetUp() override { server_ = std::make_unique<TestServer>(GetParam()); }
  std::uint16_t port() const { return server_->port(); }
  std::unique_ptr<TestServer> server_;
};

TEST_P(ServerTest, healthz_reports_the_database_ok) {
  auto r = http_get(port(), "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(nlohmann::json::parse(r.body)["database"], "ok");
}

TEST_P(ServerTest, home_page_is_html_with_security_headers_and_no_cookie) {
  auto r = http_get(port(), "/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<html lang=\"en\""), std::string::npos);
  EXPECT_NE(r.body.find("commonweal"), std::string::npos);
  auto csp = r.header("content-security-policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_FALSE(r.header("referrer-policy").empty());
  EXPECT_TRUE(r.header("strict-transport-security").empty()) << "HSTS only behind TLS";
  EXPECT_EQ(r.headers.count("set-cookie"), 0u);
  EXPECT_EQ(r.body.find("<script>"), std::string::npos) << "no inline script";
}

TEST_P(ServerTest, unknown_route_is_a_404_page_or_json_by_accept) {
  auto page = http_get(port(), "/no/such/page");
  EXPECT_EQ(page.status, 404);
  EXPECT_NE(page.body.find("Page not found"), std::string::npos);
  auto json = http_get(port(), "/no/such/page", "Accept: application/json\r\n");
  EXPECT_EQ(json.status, 404);
  auto err = nlohmann::json::parse(json.body)["error"];
  EXPECT_EQ(err["code"], "not_found");
  EXPECT_TRUE(err["message"].is_string());
}

TEST_P(ServerTest, wrong_method_is_405_with_allow) {
  auto r = http_request(port(), "DELETE", "/places", "", "text/plain");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET, HEAD");
}

TEST_P(ServerTest, head_gives_headers_of_get_without_body) {
  auto get = http_get(port(), "/places");
  auto head = send_raw(port(), "HEAD /places HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 3000);
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size()));
}

TEST_P(ServerTest, keep_alive_serves_several_requests_on_one_connection) {
  Connection c(port());
  for (int i = 0; i < 3; ++i) {
    c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    auto r = c.read_reply();
    EXPECT_EQ(r.status, 200) << "request " << i;
  }
}

TEST_P(ServerTest, static_files_are_served_under_hashed_names_with_long_cache) {
  auto home = http_get(port(), "/");
  auto at = home.body.find("/static/app.");
  ASSERT_NE(at, std::string::npos) << "layout links app.css by hashed name";
  auto url = home.body.substr(at, home.body.find('"', at) - at);
  auto css = http_get(port(), url);
  EXPECT_EQ(css.status, 200);
  EXPECT_NE(css.header("cache-control").find("immutable"), std::string::npos);
  auto etag = css.header("etag");
  auto again = http_get(port(), url, "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(http_get(port(), "/static/nothing-here.css").status, 404);
}

TEST_P(ServerTest, metrics_count_requests_by_route_and_status) {
  http_get(port(), "/places");
  http_get(port(), "/missing");
  auto m = http_get(port(), "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("route=\"/places\",status=\"200\""), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("route=\"unmatched\",status=\"404\""), std::string::npos);
  EXPECT_NE(m.body.find("commonweal_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.body.find("commonweal_db_connections"), std::string::npos);
  EXPECT_NE(m.body.find("commonweal_workers_busy"), std::string::npos);
}

TEST_P(ServerTest, openapi_lists_every_json_route) {
  auto r = http_get(port(), "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  int api_routes = 0;
  for (const auto& route : server_->runtime().router().routes()) {
    if (!route.pattern.starts_with("/api/")) continue;
    ++api_routes;
    EXPECT_TRUE(route.options.api) << route.pattern << " is under /api/ but not marked as an API route";
    EXPECT_TRUE(doc["paths"].contains(route.pattern)) << route.pattern << " missing from openapi.json";
  }
  EXPECT_GE(api_routes, 3);
}

TEST_P(ServerTest, places_api_returns_the_demo_locality_from_the_database) {
  auto r = http_get(port(), "/api/v1/localities");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("E09000029"), std::string::npos);
  auto wards = http_get(port(), "/api/v1/localities/E09000029/wards");
  ASSERT_EQ(wards.status, 200);
  EXPECT_NE(wards.body.find("E05013754"), std::string::npos);
  EXPECT_EQ(http_get(port(), "/api/v1/localities/E00000000/wards").status, 404);
  auto boundaries = http_get(port(), "/api/v1/localities/E09000029/boundaries");
  ASSERT_EQ(boundaries.status, 200);
  auto geo = nlohmann::json::parse(boundaries.body);
  EXPECT_EQ(geo["type"], "FeatureCollection");
  ASSERT_EQ(geo["features"].size(), 20u) << "every ward of the demo locality";
  EXPECT_TRUE(geo["features"][0]["geometry"]["type"] == "Polygon" ||
              geo["features"][0]["geometry"]["type"] == "MultiPolygon");
  EXPECT_EQ(geo["features"][0]["properties"]["url"].get<std::string>().rfind("/places/E09000029/wards/", 0),
            0u);
  EXPECT_EQ(http_get(port(), "/api/v1/localities/E00000000/boundaries").status, 404);
  EXPECT_EQ(http_get(port(), "/api/v1/localities/nonsense/boundaries").status, 404);
}

TEST_P(ServerTest, postcode_api_finds_a_postcode_in_any_case_or_spacing_and_says_plainly_when_it_cannot) {
  auto r = http_get(port(), "/api/v1/postcodes/sm11aa");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc["postcode"], "SM1 1AA");
  EXPECT_EQ(doc["locality"]["code"], "E09000029");
  EXPECT_EQ(doc["ward"]["code"], "E05013765");
  EXPECT_EQ(doc["ward"]["links"]["page"], "/places/E09000029/wards/E05013765");
  EXPECT_TRUE(doc["lsoa"]["imd_decile"].is_number_integer());
  EXPECT_EQ(http_get(port(), "/api/v1/postcodes/SM1%20%201aa").status, 200)
      << "spaces and case do not matter";

  auto outside = http_get(port(), "/api/v1/postcodes/SW1A%201AA");
  EXPECT_EQ(outside.status, 404);
  auto err = nlohmann::json::parse(outside.body)["error"];
  EXPECT_EQ(err["code"], "postcode_not_served");
  EXPECT_NE(err["message"].get<std::string>().find("SW1A 1AA is not in any area this site serves"),
            std::string::npos);
  auto bad = http_get(port(), "/api/v1/postcodes/hello");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad.body)["error"]["field"], "postcode");
}

TEST_P(ServerTest, ward_api_finds_the_ward_containing_a_point_and_refuses_bad_coordinates) {
  auto r = http_get(port(), "/api/v1/wards?lon=-0.193146&lat=51.359723");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc["locality"]["code"], "E09000029");
  EXPECT_TRUE(doc["ward"]["code"].is_string());
  EXPECT_FALSE(doc.contains("postcode"));
  EXPECT_EQ(http_get(port(), "/api/v1/wards?lon=-3&lat=55").status, 404);
  auto bad = http_get(port(), "/api/v1/wards?lon=west&lat=51.3");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad.body)["error"]["field"], "lon");
  EXPECT_EQ(http_get(port(), "/api/v1/wards?lon=-0.19&lat=91").status, 400);
  EXPECT_EQ(http_get(port(), "/api/v1/wards?lon=-0.19").status, 400);
}

TEST_P(ServerTest, graceful_stop_closes_idle_keep_alive_connections_promptly) {
  Connection idle(port());
  idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(idle.read_reply().status, 200);
  auto took = server_->stop();
  EXPECT_LT(took.count(), 5000);
  EXPECT_TRUE(idle.closed_by_server(1000));
}

INSTANTIATE_TEST_SUITE_P(Engines, ServerTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
