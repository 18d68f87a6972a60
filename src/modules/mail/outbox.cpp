#include "modules/mail/outbox.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "html/views.h"
#include "modules/mail/mime.h"
#include "modules/mail/store.h"

namespace cw::mail {

namespace {

// Far beyond any real subject; a limit keeps a header line within RFC 5322's 998 characters.
constexpr std::size_t kMaxSubject = 400;
constexpr std::size_t kMaxUrl = 900;

void validate(const MailMessage& m) {
  if (!is_single_address(m.to)) throw std::invalid_argument("mail: not a single address: " + m.to);
  if (!is_header_safe(m.subject) || m.subject.size() > kMaxSubject)
    throw std::invalid_argument("mail: the subject has a line break or control character, or is too long");
  if (!is_header_safe(m.list_unsubscribe) || m.list_unsubscribe.size() > kMaxUrl ||
      m.list_unsubscribe.find_first_of("<> ") != std::string::npos)
    throw std::invalid_argument("mail: list_unsubscribe must be one URL");
  if (!m.list_unsubscribe.empty() && !m.list_unsubscribe.starts_with("https://"))
    throw std::invalid_argument("mail: list_unsubscribe must be an https URL (RFC 8058)");
  if (m.kind.empty()) throw std::invalid_argument("mail: kind is empty");
}

}  // namespace

std::int64_t enqueue_mail(store::Tx& tx, const MailMessage& m, Micros now) {
  validate(m);
  return insert_outbox(tx, m, now);
}

store::Statement enqueue_mail_statement(const MailMessage& m, Micros now) {
  validate(m);
  return outbox_insert(m, now);
}

void suppress_address(store::Tx& tx, const std::string& address, const std::string& reason, Micros now) {
  if (!is_single_address(address)) throw std::invalid_argument("mail: not a single address: " + address);
  insert_suppression(tx, address, reason, now);
}

bool is_suppressed(store::Tx& tx, const std::string& address) {
  return suppression_exists(tx, address);
}

std::optional<std::string> stop_link_address(store::Tx& tx, const std::string& token) {
  return stop_address_of(tx, token);
}

void withdraw_mail(store::Tx& tx, std::int64_t id) {
  delete_unsent(tx, id);
}

MailMessage render_mail(const html::Views& views, const std::string& view, const nlohmann::json& data,
                        std::string to, std::string kind) {
  const auto subject = data.find("subject");
  if (subject == data.end() || !subject->is_string())
    throw std::invalid_argument("mail view " + view + ": the data has no string \"subject\"");
  MailMessage m;
  m.to = std::move(to);
  m.kind = std::move(kind);
  m.subject = subject->get<std::string>();
  m.text = views.render(view + ".txt", data);
  if (views.has(view + ".html")) m.html = views.render(view + ".html", data);
  return m;
}

}  // namespace cw::mail
