// The sender: takes due messages from the outbox and hands them to a Transport, retrying failures with
// a growing delay and giving up after kMaxAttempts. Run by the mail.deliver job; safe to run on several
// app servers at once against PostgreSQL (each message is claimed by one sender).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.h"
#include "modules/mail/transport.h"
#include "store/db.h"

namespace cw::mail {

// A message that has failed this many times is marked 'failed' and not tried again.
constexpr int kMaxAttempts = 6;

// How long to wait after the n-th failed attempt (n from 1): 1 min, 5 min, 30 min, 2 h, 6 h; nullopt
// from the kMaxAttempts-th on, meaning give up.
std::optional<Micros> retry_delay(int failed_attempts);

// How long a claimed message stays hidden from other senders: far longer than one SMTP submission can
// take, so it is only ever seen again if its sender died mid-send.
constexpr Micros kClaimTimeout = 15LL * 60 * 1'000'000;

struct DeliveryReport {
  int sent = 0;
  int retrying = 0;  // failed this time, will be tried again
  int failed = 0;    // failed for the last time
};

// Sends up to `batch` messages that are due at clock.now(), oldest first. Each message is claimed, and
// then marked sent or failed, in transactions of its own that are never held open while sending, so
// the database (SQLite's one writer) is not blocked by a slow mail server, and one bad message never
// stops the rest. Database errors propagate (the job logs them and runs again). With `site_url` (the
// site's base URL), mail that is not account-critical ends with its address's "stop these emails" link.
DeliveryReport deliver_due(store::Db& db, const Clock& clock, Transport& transport, int batch = 50,
                           const std::string& site_url = "");

// Deletes finished mail (sent, failed, skipped) older than `days` at clock.now() (the mail.prune job,
// with MailSettings::retention_days); returns how many rows went. At least a day is kept whatever
// `days` says, because the daily cap and the once-a-day rule count the last day's mail.
std::int64_t prune_mail(store::Db& db, const Clock& clock, int days);

}  // namespace cw::mail
