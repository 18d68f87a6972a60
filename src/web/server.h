// The HTTP/1.1 server: accepts connections, parses requests with Boost.Beast, hands each complete request
// to a worker pool and writes the response. I/O threads never run handlers or touch the database.
// This header hides Beast; server.cpp is the only file that includes it (it is slow to compile).
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "web/http.h"

namespace cw::web {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port; see Server::port()
  int io_threads = 1;
  int worker_threads = 4;
  std::size_t header_limit = 8 * 1024;      // larger → 431
  std::chrono::seconds header_timeout{10};  // whole request head must arrive within this
  std::chrono::seconds body_timeout{30};    // whole body must arrive within this
  std::chrono::seconds idle_timeout{30};    // keep-alive connection with no new request
  // Beyond this a new connection displaces the one that has waited longest for a request head; when
  // every connection is busy with a request, the new one gets 503 and is closed.
  int max_connections = 1024;
  // One address may hold at most this many at once (503 beyond), so one host cannot take them all;
  // generous, since a school or library shares one address. Reverse proxies listed are not counted.
  int max_connections_per_address = 256;
  std::vector<std::string> unlimited_addresses;
  std::chrono::seconds drain_timeout{10};  // on stop, in-flight requests get this long to finish
};

// Called on a worker thread for every well-formed request. Must not throw (the caller's pipeline
// turns exceptions into error responses); the server adds Content-Length and Connection.
using RequestHandler = std::function<Response(Request&)>;
// Called on the I/O thread after the request head is read: the largest body this request may send.
using BodyLimit =
    std::function<std::size_t(Method, const std::string& target, const std::string& cookie_header)>;
// Renders a protocol-level error (400, 408, 413, 431, 503) in the site's style.
using ErrorRenderer =
    std::function<Response(int status, const std::string& code, const std::string& message, bool wants_json)>;

struct ServerStats {
  int open_connections;
  int busy_workers;
  int worker_threads;
};

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler, BodyLimit body_limit, ErrorRenderer errors);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket. Throws std::runtime_error with the address when it cannot.
  void listen();
  std::uint16_t port() const;
  // Serves until stop() or, when handle_signals is true, SIGINT/SIGTERM. Then stops accepting,
  // lets in-flight requests finish (up to drain_timeout) and returns.
  void run(bool handle_signals);
  // Thread-safe; returns at once.
  void stop();
  ServerStats stats() const;

  struct Impl;  // public only so server.cpp's per-connection sessions can reach it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cw::web
