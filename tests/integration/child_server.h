// Runs the built `commonweal serve` as a child process on a loopback port, so tests can kill it with
// SIGKILL mid-write and start it again on the same port and database, as a supervisor would.
// Not thread-safe: one test thread drives it. The child dies with the thread that started it.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cw::testing {

class ChildServer {
 public:
  // Starts `commonweal serve --db db_url` with `extra` arguments and waits until it serves.
  // Throws std::runtime_error with the server's output when it does not start within 60 s.
  explicit ChildServer(std::string db_url, std::vector<std::string> extra = {});
  ~ChildServer();
  ChildServer(const ChildServer&) = delete;
  ChildServer& operator=(const ChildServer&) = delete;

  std::uint16_t port() const { return port_; }
  bool running() const { return pid_ > 0; }
  // SIGKILL, as a crash or the OOM killer would, and reaps the process.
  void kill9();
  // SIGTERM and waits for the exit status (a clean stop returns 0).
  int terminate();
  // Starts it again on the same port. REQUIRES: !running().
  void start();
  // What the server wrote to stdout and stderr, over all its runs.
  std::string output() const;

 private:
  void spawn();
  void wait_until_serving();

  std::string db_url_;
  std::vector<std::string> extra_;
  std::string dir_;  // holds the output and the mail folder
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace cw::testing
