// A deliberately small HTTP/1.1 client over POSIX sockets for the integration tests: it sends exactly
// the bytes it is given, so tests can send malformed or oversized requests a real client would refuse.
#pragma once
#include <cstdint>
#include <map>
#include <string>

namespace cw::testing {

struct HttpReply {
  int status = 0;                                   // 0 when the server closed without answering
  std::multimap<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& lower_name) const;
};

// Sends `raw` and reads one response (by Content-Length), or until the server closes.
HttpReply send_raw(std::uint16_t port, const std::string& raw, int timeout_ms = 5000);

// A well-formed request with Connection: close.
HttpReply http_get(std::uint16_t port, const std::string& target, const std::string& extra_headers = {});
HttpReply http_request(std::uint16_t port, const std::string& method, const std::string& target,
                       const std::string& body, const std::string& content_type,
                       const std::string& extra_headers = {});

// A connected socket for keep-alive and slow-client tests. Closes on destruction.
class Connection {
 public:
  explicit Connection(std::uint16_t port);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  void send(const std::string& bytes);
  // Reads one response; status 0 if the server closed the connection first.
  HttpReply read_reply(int timeout_ms = 5000);
  // True when the server has closed its end (read returns 0 within timeout_ms).
  bool closed_by_server(int timeout_ms);

 private:
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace cw::testing
