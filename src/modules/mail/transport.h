// Where outgoing mail goes: a Transport takes one finished message and hands it on, or throws.
// FileTransport writes .eml files (the default, and what tests and local runs read); SmtpTransport
// submits to a mail server with libcurl. Thread-safety: send() may be called from several threads.
#pragma once
#include <cstdint>
#include <string>

#include "modules/mail/mime.h"

namespace cw::mail {

// One message on its way: the SMTP envelope and the RFC 5322 text.
struct Envelope {
  std::int64_t outbox_id = 0;
  std::string mail_from;  // bare address
  std::string rcpt_to;    // bare address
  std::string data;       // the whole message, CRLF line ends
};

class Transport {
 public:
  virtual ~Transport() = default;
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // The sender of every message this transport delivers (the From header and envelope sender).
  const Mailbox& from() const { return from_; }
  // Hands the message on. Throws std::exception with a reason when it was not accepted; the caller
  // retries later, so a transport never retries by itself.
  virtual void send(const Envelope& e) = 0;

 protected:
  explicit Transport(Mailbox from) : from_(std::move(from)) {}

 private:
  Mailbox from_;
};

// Writes each message to "<dir>/<outbox id>.eml", creating `dir` on first use. The file appears whole
// or not at all (written under a temporary name, flushed, then renamed), readable by the owner only
// because it holds personal data and sign-in links.
class FileTransport final : public Transport {
 public:
  FileTransport(std::string dir, Mailbox from);
  void send(const Envelope& e) override;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

struct SmtpSettings {
  // smtp://host[:port] (STARTTLS is then required, unless the host is localhost, 127.0.0.1 or ::1) or
  // smtps://host[:port] (TLS from the start).
  std::string url;
  std::string user;  // empty: no authentication
  std::string password;
  Mailbox from;
};

// Submits over SMTP with libcurl, one connection per message, verifying the server's certificate.
class SmtpTransport final : public Transport {
 public:
  // Throws std::invalid_argument when the URL is not smtp:// or smtps:// with a host.
  explicit SmtpTransport(SmtpSettings settings);
  void send(const Envelope& e) override;

 private:
  SmtpSettings settings_;
  bool require_tls_ = true;
};

}  // namespace cw::mail
