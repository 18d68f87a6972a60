#include "web/metrics.h"

#include <fmt/format.h>

#include "web/rate_limiter.h"

namespace cw::web {

void Metrics::record(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  auto& h = latency_[route];
  for (std::size_t i = 0; i < buckets.size(); ++i)
    if (seconds <= buckets[i]) ++h.counts[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

void Metrics::rate_limiter_text(std::string& out) {
  auto limiters = RateLimiter::all();
  if (limiters.empty()) return;
  const std::pair<const char*, const char*> families[] = {
      {"commonweal_rate_limiter_keys", "Keys (addresses, domains) a rate limiter is tracking."},
      {"commonweal_rate_limiter_allowed_total", "Actions a rate limiter let through."},
      {"commonweal_rate_limiter_limited_total", "Actions a rate limiter refused."}};
  for (std::size_t f = 0; f < 3; ++f) {
    auto [name, help] = families[f];
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, f == 0 ? "gauge" : "counter");
    for (const auto* l : limiters) {
      double v =
          f == 0 ? static_cast<double>(l->keys()) : static_cast<double>(f == 1 ? l->allowed() : l->limited());
      out += fmt::format("{}{{limiter=\"{}\"}} {}\n", name, l->name(), v);
    }
  }
}

std::string Metrics::prometheus_text() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP commonweal_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE commonweal_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out += fmt::format("commonweal_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                       method, route, status, n);
  }
  out += "# HELP commonweal_http_request_duration_seconds Time to handle a request, by route.\n";
  out += "# TYPE commonweal_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (std::size_t i = 0; i < buckets.size(); ++i)
      out += fmt::format("commonweal_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                         route, buckets[i], h.counts[i]);
    out += fmt::format("commonweal_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                       route, h.count);
    out += fmt::format("commonweal_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route, h.sum);
    out += fmt::format("commonweal_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route, h.count);
  }
  rate_limiter_text(out);
  for (const auto& g : gauges_)
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", g.name, g.help, g.name, g.name, g.read());
  return out;
}

}  // namespace cw::web
