// One `commonweal serve` child (serve_process.h) that tests kill with SIGKILL mid-write and start again on
// the same port and database, as a supervisor would.
// Not thread-safe: one test thread drives it. The child dies with the thread that started it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "serve_process.h"

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
  // Whether the process is alive (false once it has exited by itself, too).
  bool running() { return server_ && server_->process().running(); }
  // SIGKILL, as a crash or the OOM killer would, and reaps the process.
  void kill9();
  // SIGTERM and waits for the exit status (a clean stop returns 0).
  int terminate();
  // Starts it again on the same port. REQUIRES: !running().
  void start();
  // What the server wrote to stdout and stderr, over all its runs.
  std::string output() const;

 private:
  void retire();  // keeps the finished run's output and forgets the process

  std::string db_url_;
  std::vector<std::string> extra_;
  std::string dir_;  // holds the output and the mail folder
  std::uint16_t port_ = 0;
  std::optional<ServeProcess> server_;
  std::string earlier_output_;
};

}  // namespace cw::testing
