// Request counters and a latency histogram, exported in the Prometheus text format at /metrics.
// Thread-safe: record() is called from every worker thread.
#pragma once
#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace cw::web {

class Metrics {
 public:
  // route is the matched pattern ("/wards/{code}"), or "unmatched" — never the raw path, so a scan of
  // random URLs cannot grow the label set without bound.
  void record(const std::string& method, const std::string& route, int status, double seconds);
  // Extra gauges read at scrape time (pool sizes, busy workers), as full "name value" lines.
  void add_gauge(std::string name, std::string help, std::function<double()> read);
  std::string prometheus_text() const;

  static constexpr std::array<double, 12> buckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                  0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct Histogram {
    std::array<long long, buckets.size()> counts{};
    long long count = 0;
    double sum = 0;
  };
  static void rate_limiter_text(std::string& out);
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, long long> requests_;
  std::map<std::string, Histogram> latency_;  // by route
  std::vector<Gauge> gauges_;
};

}  // namespace cw::web
