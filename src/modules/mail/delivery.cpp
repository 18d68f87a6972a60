#include "modules/mail/delivery.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "modules/mail/mime.h"
#include "modules/mail/store.h"

namespace cw::mail {

namespace {

constexpr Micros kMinute = 60LL * 1'000'000;
// Enough to ride out a mail server restart or a brief network fault quickly, and a longer outage
// within about nine hours in all, before a person has to look at it.
constexpr std::array<Micros, kMaxAttempts - 1> kRetryDelays{1 * kMinute, 5 * kMinute, 30 * kMinute,
                                                            120 * kMinute, 360 * kMinute};
// An SMTP error can quote the whole server reply; keep the stored reason readable.
constexpr std::size_t kMaxErrorLength = 1000;

std::string message_id(const OutboxRow& row, const Mailbox& from) {
  const auto domain = from.address.substr(from.address.find('@') + 1);
  // The same for every attempt at one message, so a server that got it twice can tell.
  return fmt::format("cw.{}.{}@{}", row.id, row.created_at, domain);
}

// Every mail a person did not need for their account ends with a way to stop all mail to the address,
// added here rather than by each module so none can forget it.
MailMessage with_stop_link(MailMessage m, const std::string& stop_url) {
  if (stop_url.empty()) return m;
  m.text += "\n\n-- \nTo stop all emails from this site to this address, use this link:\n" + stop_url + "\n";
  if (!m.html.empty()) {
    const std::string footer =
        "<p style=\"font-size: 14px; color: #505a5f;\"><a href=\"" + stop_url +
        "\" style=\"color: #1d70b8;\">Stop these emails</a>: no more emails from this site to this "
        "address.</p>\n";
    const auto end = m.html.rfind("</body>");
    m.html.insert(end == std::string::npos ? m.html.size() : end, footer);
  }
  return m;
}

Envelope envelope_for(const OutboxRow& row, const Mailbox& from, const std::string& stop_url) {
  const auto m = with_stop_link(row.message, stop_url);
  return {.outbox_id = row.id,
          .mail_from = from.address,
          .rcpt_to = m.to,
          .data = build_message({.from = from,
                                 .to = m.to,
                                 .subject = m.subject,
                                 .text = m.text,
                                 .html = m.html,
                                 .list_unsubscribe = m.list_unsubscribe,
                                 .date = row.created_at,
                                 .message_id = message_id(row, from)})};
}

// Cut at a character boundary: PostgreSQL refuses text that ends in half a UTF-8 character.
std::string shortened(std::string error) {
  if (error.empty()) return "unknown error";
  if (error.size() <= kMaxErrorLength) return error;
  std::size_t n = kMaxErrorLength;
  while (n > 0 && (static_cast<unsigned char>(error[n]) & 0xC0) == 0x80) --n;
  error.resize(n);
  return error;
}

}  // namespace

std::optional<Micros> retry_delay(int failed_attempts) {
  if (failed_attempts < 1 || failed_attempts >= kMaxAttempts) return std::nullopt;
  return kRetryDelays[static_cast<std::size_t>(failed_attempts - 1)];
}

DeliveryReport deliver_due(store::Db& db, const Clock& clock, Transport& transport, int batch,
                           const std::string& site_url) {
  DeliveryReport report;
  for (int i = 0; i < batch; ++i) {
    const Micros claimed_at = clock.now();
    std::string stop_url;
    const auto row = store::in_write(db, [&](store::Tx& tx) {
      auto claimed = claim_next_due(tx, claimed_at, claimed_at + kClaimTimeout);
      if (claimed && !claimed->message.account_critical && !site_url.empty())
        stop_url = site_url + "/mail/stop/" + stop_token_for(tx, claimed->message.to, claimed_at);
      return claimed;
    });
    if (!row) break;
    std::optional<std::string> error;
    try {
      transport.send(envelope_for(*row, transport.from(), stop_url));
    } catch (const std::exception& e) {
      error = shortened(e.what());
    }
    const Micros now = clock.now();
    if (!error) {
      store::in_write(db, [&](store::Tx& tx) { mark_sent(tx, row->id, now); });
      ++report.sent;
      continue;
    }
    const int attempts = row->attempts + 1;
    const auto delay = retry_delay(attempts);
    const auto retry_at = delay ? std::optional<Micros>(now + *delay) : std::nullopt;
    store::in_write(db, [&](store::Tx& tx) { mark_failed_attempt(tx, row->id, attempts, *error, retry_at); });
    ++(delay ? report.retrying : report.failed);
  }
  return report;
}

std::int64_t prune_mail(store::Db& db, const Clock& clock, int days) {
  const Micros keep = static_cast<Micros>(std::max(days, 1)) * 24 * 3600 * 1'000'000;
  return store::in_write(db, [&](store::Tx& tx) { return prune_finished(tx, clock.now() - keep); });
}

}  // namespace cw::mail
