#include "haproxy.h"

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "http_client.h"

namespace cw::testing {

std::string haproxy_config(std::uint16_t port, const std::vector<std::uint16_t>& backends) {
  // `retries` with `option redispatch` sends a request whose connection was refused (a server just
  // killed) to another server; a request already sent is never repeated, so a POST is never doubled.
  std::string out = fmt::format(
      "global\n"
      "  maxconn 4096\n"
      "defaults\n"
      "  mode http\n"
      "  timeout connect 2s\n"
      "  timeout client 30s\n"
      "  timeout server 30s\n"
      "  option forwardfor\n"
      "  retries 3\n"
      "  option redispatch\n"
      "frontend www\n"
      "  bind 127.0.0.1:{}\n"
      "  default_backend app\n"
      "backend app\n"
      "  balance roundrobin\n"
      "  option httpchk GET /healthz\n"
      "  http-check expect status 200\n",
      port);
  for (std::size_t i = 0; i < backends.size(); ++i)
    out += fmt::format("  server app{} 127.0.0.1:{} check inter 500ms fall 2 rise 2\n", i + 1, backends[i]);
  return out;
}

Haproxy::Haproxy(const std::string& work_dir, const std::vector<std::uint16_t>& backends)
    : port_(free_loopback_port()) {
  auto config = work_dir + "/haproxy.cfg";
  std::ofstream(config) << haproxy_config(port_, backends);
  child_ = std::make_unique<ChildProcess>(std::vector<std::string>{"haproxy", "-db", "-f", config},
                                          std::vector<std::pair<std::string, std::string>>{},
                                          work_dir + "/haproxy.log");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!child_->running()) throw std::runtime_error("haproxy exited at start:\n" + child_->log());
    try {
      if (http_get(port_, "/healthz").status == 200) return;
    } catch (const std::exception&) {
      // not listening yet
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("haproxy did not answer in 20 s:\n" + child_->log());
}

}  // namespace cw::testing
