// SmtpTransport against a scripted SMTP server on a loopback address: a message is submitted whole to a
// local relay, and plain SMTP to any other host is refused before the message leaves.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <thread>

#include "modules/mail/mime.h"
#include "modules/mail/tests/mime_reader.h"
#include "modules/mail/transport.h"

namespace cw::mail {
namespace {

// Accepts one connection and plays a minimal ESMTP server that offers neither STARTTLS nor AUTH.
class ScriptedSmtpServer {
 public:
  explicit ScriptedSmtpServer(const char* address) : address_(address) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    ::inet_pton(AF_INET, address, &addr.sin_addr);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener_, 1) != 0)
      throw std::runtime_error(std::string("cannot listen on ") + address);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve_one(); });
  }
  ~ScriptedSmtpServer() {
    if (thread_.joinable()) thread_.join();
    ::close(listener_);
  }
  std::string url() const { return "smtp://" + address_ + ":" + std::to_string(port_); }
  // Valid once the client is done (the destructor or finish() has joined the thread).
  void finish() {
    if (thread_.joinable()) thread_.join();
  }
  std::string mail_from, rcpt_to, data;
  bool saw_ehlo = false;

 private:
  void serve_one() {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 20'000) != 1) return;
    const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;
    say(fd, "220 scripted ESMTP\r\n");
    for (std::string line; read_until(fd, "\r\n", line);) {
      const std::string verb = line.substr(0, 4);
      if (verb == "EHLO" || verb == "HELO") {
        saw_ehlo = true;
        say(fd, "250-scripted\r\n250 8BITMIME\r\n");
      } else if (verb == "MAIL") {
        mail_from = line.substr(10);
        say(fd, "250 OK\r\n");
      } else if (verb == "RCPT") {
        rcpt_to = line.substr(8);
        say(fd, "250 OK\r\n");
      } else if (verb == "DATA") {
        say(fd, "354 go ahead\r\n");
        read_until(fd, "\r\n.\r\n", data);
        say(fd, "250 queued\r\n");
      } else if (verb == "QUIT") {
        say(fd, "221 bye\r\n");
        break;
      } else {
        say(fd, "502 not implemented\r\n");
      }
    }
    ::close(fd);
  }
  static void say(int fd, const std::string& s) { (void)!::write(fd, s.data(), s.size()); }
  // Reads up to `end` (consumed, not returned) into `out`; false when the client went away first.
  bool read_until(int fd, const std::string& end, std::string& out) {
    for (;;) {
      const auto at = buffer_.find(end);
      if (at != std::string::npos) {
        out = buffer_.substr(0, at);
        buffer_.erase(0, at + end.size());
        return true;
      }
      char chunk[4096];
      const auto n = ::read(fd, chunk, sizeof chunk);
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  std::string address_;
  int listener_ = -1;
  int port_ = 0;
  std::string buffer_;
  std::thread thread_;
};

Envelope sample_envelope() {
  const Mailbox from{"commonweal", "noreply@example.org"};
  return {.outbox_id = 1,
          .mail_from = from.address,
          .rcpt_to = "ann@example.org",
          .data = build_message({.from = from,
                                 .to = "ann@example.org",
                                 .subject = "Confirm your email address",
                                 .text = "Hello Ann.\n.\nA line with only a dot, above.\n",
                                 .html = "<p>Hello Ann.</p>\n",
                                 .date = 1'700'000'000'000'000,
                                 .message_id = "cw.1.1700000000000000@example.org"})};
}

TEST(SmtpTransport, a_message_is_submitted_whole_to_a_local_relay_without_tls) {
  ScriptedSmtpServer server("127.0.0.1");
  SmtpTransport smtp({.url = server.url(), .from = {"commonweal", "noreply@example.org"}});
  const auto e = sample_envelope();
  smtp.send(e);
  server.finish();
  EXPECT_EQ(server.mail_from, "<noreply@example.org>");
  EXPECT_EQ(server.rcpt_to, "<ann@example.org>");
  EXPECT_EQ(server.data + "\r\n", e.data);
  const auto mail = testing::parse_mail(server.data + "\r\n");
  EXPECT_EQ(mail.headers.at("subject"), "Confirm your email address");
  ASSERT_EQ(mail.parts.size(), 2u);
  EXPECT_NE(mail.parts[0].body.find("\r\n.\r\n"), std::string::npos) << "the lone dot survives";
}

TEST(SmtpTransport, plain_smtp_to_a_host_that_is_not_local_is_refused_before_the_message_leaves) {
  // 127.0.0.2 is a loopback address too, but not one the transport treats as "this machine".
  ScriptedSmtpServer server("127.0.0.2");
  SmtpTransport smtp({.url = server.url(), .from = {"commonweal", "noreply@example.org"}});
  EXPECT_THROW(smtp.send(sample_envelope()), std::runtime_error);
  server.finish();
  EXPECT_TRUE(server.saw_ehlo);
  EXPECT_EQ(server.mail_from, "") << "nothing was sent in clear";
  EXPECT_EQ(server.data, "");
}

TEST(SmtpTransport, a_server_that_is_not_there_is_an_error_not_a_hang) {
  SmtpTransport smtp({.url = "smtp://127.0.0.1:1", .from = {"commonweal", "noreply@example.org"}});
  EXPECT_THROW(smtp.send(sample_envelope()), std::runtime_error);
}

TEST(SmtpTransport, urls_that_are_not_smtp_are_refused) {
  for (const char* url : {"http://mail.example.org", "mail.example.org", "smtp://", "", "file:///etc/passwd"})
    EXPECT_THROW(SmtpTransport({.url = url, .from = {"", "noreply@example.org"}}), std::invalid_argument)
        << url;
  EXPECT_NO_THROW(SmtpTransport({.url = "smtps://mail.example.org", .from = {"", "noreply@example.org"}}));
  EXPECT_NO_THROW(SmtpTransport({.url = "smtp://mail.example.org:587", .from = {"", "noreply@example.org"}}));
}

}  // namespace
}  // namespace cw::mail
