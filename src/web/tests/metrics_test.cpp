#include "web/metrics.h"

#include <gtest/gtest.h>

namespace cw::web {
namespace {

TEST(Metrics, counts_requests_by_route_and_status_and_fills_histogram) {
  Metrics m;
  m.record("GET", "/places", 200, 0.002);
  m.record("GET", "/places", 200, 0.2);
  m.record("GET", "unmatched", 404, 0.0001);
  m.add_gauge("commonweal_test_gauge", "A test gauge.", [] { return 7.0; });
  auto text = m.prometheus_text();
  EXPECT_NE(text.find("commonweal_http_requests_total{method=\"GET\",route=\"/places\",status=\"200\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("commonweal_http_request_duration_seconds_bucket{route=\"/places\",le=\"0.0025\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("commonweal_http_request_duration_seconds_count{route=\"/places\"} 2"),
            std::string::npos);
  EXPECT_NE(text.find("commonweal_test_gauge 7"), std::string::npos);
}

}  // namespace
}  // namespace cw::web
