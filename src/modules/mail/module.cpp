#include "modules/mail/module.h"

#include <mutex>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "modules/mail/delivery.h"
#include "web/context.h"

namespace cw::mail {

namespace {

void read_variable(const char* name, std::string& into) {
  const char* value = std::getenv(name);
  if (value != nullptr && *value != '\0') into = value;
}

// One line per run that did something, in the job runner's JSON style, with counts only: addresses
// and subjects are personal data and stay in the database.
void log_report(const DeliveryReport& r) {
  if (r.sent == 0 && r.retrying == 0 && r.failed == 0) return;
  std::fprintf(stderr,
               "{\"level\":\"%s\",\"job\":\"mail.deliver\",\"sent\":%d,\"retrying\":%d,\"failed\":%d}\n",
               r.retrying + r.failed > 0 ? "warn" : "info", r.sent, r.retrying, r.failed);
}

}  // namespace

MailSettings settings_from_environment() {
  MailSettings s;
  read_variable("COMMONWEAL_MAIL_DIR", s.dir);
  read_variable("COMMONWEAL_SMTP_URL", s.smtp_url);
  read_variable("COMMONWEAL_SMTP_USER", s.smtp_user);
  read_variable("COMMONWEAL_SMTP_PASSWORD", s.smtp_password);
  read_variable("COMMONWEAL_MAIL_FROM", s.from);
  std::string days;
  read_variable("COMMONWEAL_MAIL_RETENTION_DAYS", days);
  if (!days.empty()) {
    std::size_t used = 0;
    int n = 0;
    try {
      n = std::stoi(days, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != days.size() || n < 1 || n > 3650)
      throw std::invalid_argument("COMMONWEAL_MAIL_RETENTION_DAYS: a whole number of days from 1 to 3650");
    s.retention_days = n;
  }
  return s;
}

std::unique_ptr<Transport> make_transport(const MailSettings& settings) {
  Mailbox from;
  try {
    from = parse_mailbox(settings.from);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("COMMONWEAL_MAIL_FROM: ") + e.what());
  }
  if (settings.smtp_url.empty()) return std::make_unique<FileTransport>(settings.dir, from);
  try {
    return std::make_unique<SmtpTransport>(SmtpSettings{.url = settings.smtp_url,
                                                        .user = settings.smtp_user,
                                                        .password = settings.smtp_password,
                                                        .from = from});
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("COMMONWEAL_SMTP_URL: ") + e.what());
  }
}

modules::Module module() {
  // Made when the first delivery runs, not here: `migrate` and the other commands that list the modules
  // must work whatever the mail settings say. `serve` checks them when it starts.
  struct Lazy {
    MailSettings settings;
    std::once_flag made;
    std::unique_ptr<Transport> transport;
  };
  auto lazy = std::make_shared<Lazy>();
  lazy->settings = settings_from_environment();
  modules::Job deliver{.name = "mail.deliver",
                       .every = std::chrono::seconds(2),
                       .run = [lazy](const modules::JobContext& job) {
                         std::call_once(lazy->made,
                                        [&] { lazy->transport = make_transport(lazy->settings); });
                         log_report(deliver_due(job.db, job.clock, *lazy->transport, 50, job.site.base_url));
                       }};
  const int days = lazy->settings.retention_days;
  modules::Job prune{
      .name = "mail.prune", .every = std::chrono::hours(1), .run = [days](const modules::JobContext& job) {
        auto n = prune_mail(job.db, job.clock, days);
        if (n > 0)
          std::fprintf(stderr, "{\"level\":\"info\",\"job\":\"mail.prune\",\"deleted\":%lld}\n",
                       static_cast<long long>(n));
      }};
  return {.name = "mail",
          .nav = {},
          .register_routes = register_routes,
          .jobs = {std::move(deliver), std::move(prune)},
          .personal_data = {personal_data()}};
}

}  // namespace cw::mail
