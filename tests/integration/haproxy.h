// HAProxy (Debian's) in front of app servers on loopback, as docs/OPERATIONS.md recommends for running
// several: round-robin, health checks on /healthz, X-Forwarded-For added, a connection that fails tried
// on another server. Its config is written into `work_dir`; the process is started and stopped here.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "serve_process.h"

namespace cw::testing {

// The haproxy.cfg for `backends`, listening on `port`.
std::string haproxy_config(std::uint16_t port, const std::vector<std::uint16_t>& backends);

class Haproxy {
 public:
  // Waits until HAProxy answers /healthz through a backend (throws with its log after 20 s).
  Haproxy(const std::string& work_dir, const std::vector<std::uint16_t>& backends);
  std::uint16_t port() const { return port_; }
  ChildProcess& process() { return *child_; }

 private:
  std::uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> child_;
};

}  // namespace cw::testing
