#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "modules/mail/transport.h"

namespace cw::mail {

namespace {

// Long enough for a slow server, short enough that one dead server does not hold up the sender's
// batch for long (the message is simply tried again later).
constexpr long kConnectTimeoutSeconds = 15;
constexpr long kTotalTimeoutSeconds = 60;

void init_curl_once() {
  // curl_global_init is not thread-safe on every libcurl build; do it once, before any handle exists.
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw std::runtime_error("libcurl failed to start");
  });
}

struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

std::string url_part(CURLU* url, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, 0) != CURLUE_OK || value == nullptr) return "";
  std::string out(value);
  curl_free(value);
  return out;
}

// libcurl pulls the message body through this callback.
struct Reader {
  std::string_view rest;
};

size_t read_body(char* buffer, size_t size, size_t count, void* user) {
  auto* reader = static_cast<Reader*>(user);
  const size_t n = std::min(size * count, reader->rest.size());
  std::memcpy(buffer, reader->rest.data(), n);
  reader->rest.remove_prefix(n);
  return n;
}

template <typename T>
void set(CURL* curl, CURLoption option, T value) {
  if (curl_easy_setopt(curl, option, value) != CURLE_OK)
    throw std::runtime_error(fmt::format("libcurl refused option {}", static_cast<int>(option)));
}

}  // namespace

SmtpTransport::SmtpTransport(SmtpSettings settings)
    : Transport(settings.from), settings_(std::move(settings)) {
  init_curl_once();
  std::unique_ptr<CURLU, CurlUrlDeleter> url(curl_url());
  if (!url || curl_url_set(url.get(), CURLUPART_URL, settings_.url.c_str(), 0) != CURLUE_OK)
    throw std::invalid_argument("not an SMTP URL (smtp://host:port or smtps://host:port)");
  const auto scheme = url_part(url.get(), CURLUPART_SCHEME);
  const auto host = url_part(url.get(), CURLUPART_HOST);
  if ((scheme != "smtp" && scheme != "smtps") || host.empty())
    throw std::invalid_argument("not an SMTP URL (smtp://host:port or smtps://host:port)");
  // A relay on the same machine is reached without leaving it, so plain SMTP exposes nothing there;
  // anywhere else the password and the mail would cross the network in clear.
  const bool local = host == "localhost" || host == "127.0.0.1" || host == "[::1]";
  require_tls_ = scheme == "smtp" && !local;
}

void SmtpTransport::send(const Envelope& e) {
  // Everything the handle points at is declared first, so it outlives the handle.
  char error[CURL_ERROR_SIZE] = {};
  Reader reader{e.data};
  const std::string mail_from = "<" + e.mail_from + ">";
  std::unique_ptr<curl_slist, SlistDeleter> recipients(
      curl_slist_append(nullptr, ("<" + e.rcpt_to + ">").c_str()));
  if (!recipients) throw std::runtime_error("out of memory");
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) throw std::runtime_error("libcurl could not make a handle");

  CURL* c = curl.get();
  set(c, CURLOPT_URL, settings_.url.c_str());
  set(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  set(c, CURLOPT_NOSIGNAL, 1L);  // the sender runs on a job thread; signals belong to the server
  set(c, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  set(c, CURLOPT_TIMEOUT, kTotalTimeoutSeconds);
  set(c, CURLOPT_ERRORBUFFER, error);
  if (require_tls_) set(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!settings_.user.empty()) {
    set(c, CURLOPT_USERNAME, settings_.user.c_str());
    set(c, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  set(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  set(c, CURLOPT_MAIL_RCPT, recipients.get());
  set(c, CURLOPT_READFUNCTION, read_body);
  set(c, CURLOPT_READDATA, &reader);
  set(c, CURLOPT_UPLOAD, 1L);
  set(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(e.data.size()));

  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK)
    throw std::runtime_error(fmt::format("SMTP: {}", error[0] != '\0' ? error : curl_easy_strerror(rc)));
}

}  // namespace cw::mail
