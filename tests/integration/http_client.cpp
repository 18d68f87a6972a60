#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace cw::testing {

std::string HttpReply::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

Connection::Connection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);  // the destructor does not run: tests that connect while a server restarts would leak
    throw std::runtime_error("cannot connect to port " + std::to_string(port));
  }
}

Connection::~Connection() {
  if (fd_ >= 0) ::close(fd_);
}

void Connection::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server may close early (e.g. after a 413); the reply tells the story
    sent += static_cast<std::size_t>(n);
  }
}

namespace {

// Reads more bytes into buf; false on close, error or timeout.
bool read_some(int fd, std::string& buf, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return false;
  char chunk[16384];
  auto n = ::recv(fd, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buf.append(chunk, static_cast<std::size_t>(n));
  return true;
}

bool parse_head(const std::string& buf, HttpReply& reply, std::size_t& body_start) {
  auto end = buf.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  body_start = end + 4;
  auto line_end = buf.find("\r\n");
  reply.status = std::stoi(buf.substr(9, 3));
  std::size_t pos = line_end + 2;
  while (pos < end) {
    auto eol = buf.find("\r\n", pos);
    auto line = buf.substr(pos, eol - pos);
    auto colon = line.find(':');
    auto name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    auto value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    reply.headers.emplace(name, value);
    pos = eol + 2;
  }
  return true;
}

}  // namespace

HttpReply Connection::read_reply(int timeout_ms) {
  HttpReply reply;
  std::size_t body_start = 0;
  while (!parse_head(buffer_, reply, body_start))
    if (!read_some(fd_, buffer_, timeout_ms)) return HttpReply{};
  auto len_text = reply.header("content-length");
  std::size_t len = len_text.empty() ? std::string::npos : std::stoul(len_text);
  while (len != std::string::npos && buffer_.size() < body_start + len)
    if (!read_some(fd_, buffer_, timeout_ms)) break;
  if (len == std::string::npos)
    while (read_some(fd_, buffer_, timeout_ms)) {
    }
  reply.body = buffer_.substr(body_start, len);
  buffer_.erase(0, len == std::string::npos ? buffer_.size() : std::min(buffer_.size(), body_start + len));
  return reply;
}

bool Connection::closed_by_server(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return false;
  char c;
  return ::recv(fd_, &c, 1, MSG_PEEK) == 0;
}

HttpReply send_raw(std::uint16_t port, const std::string& raw, int timeout_ms) {
  Connection c(port);
  c.send(raw);
  return c.read_reply(timeout_ms);
}

HttpReply http_get(std::uint16_t port, const std::string& target, const std::string& extra_headers) {
  return send_raw(port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" +
                            extra_headers + "\r\n");
}

HttpReply http_request(std::uint16_t port, const std::string& method, const std::string& target,
                       const std::string& body, const std::string& content_type,
                       const std::string& extra_headers) {
  return send_raw(port, method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" +
                            "Content-Type: " + content_type + "\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body);
}

}  // namespace cw::testing
