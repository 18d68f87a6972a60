// The sender on both engines: delivery to .eml files, retries with backoff, giving up, isolation of a
// bad message, and (on PostgreSQL) several senders sharing one outbox without sending anything twice.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "html/views.h"
#include "modules/mail/delivery.h"
#include "modules/mail/module.h"
#include "modules/mail/outbox.h"
#include "modules/mail/store.h"
#include "modules/mail/tests/mime_reader.h"
#include "store/migrate.h"
#include "store/tests/fixture.h"

namespace cw::mail {
namespace {

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);
constexpr Micros kStart = 1'700'000'000'000'000;
constexpr Micros kMinute = 60'000'000;

// Fails for the addresses it is told to, or the first `failures` times, and records what it was given.
class ScriptedTransport final : public Transport {
 public:
  ScriptedTransport() : Transport({"commonweal", "noreply@example.org"}) {}
  void send(const Envelope& e) override {
    std::lock_guard lock(mutex_);
    ++calls;
    if (failures > 0 || failing.count(e.rcpt_to)) {
      if (failures > 0) --failures;
      throw std::runtime_error("451 4.3.0 try again later");
    }
    sent.push_back(e);
  }
  int failures = 0;
  std::set<std::string> failing;
  std::vector<Envelope> sent;
  int calls = 0;

 private:
  std::mutex mutex_;
};

// A fresh directory under the system's temporary folder, removed with everything in it.
struct TempDir {
  TempDir() {
    path = (std::filesystem::temp_directory_path() / "cw_mail_XXXXXX").string();
    if (::mkdtemp(path.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string path;
};

class Delivery : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store::migrate(*db_, modules::module_migrations("mail", db_->engine()));
  }
  std::int64_t enqueue(const std::string& to, Micros at = kStart) {
    MailMessage m{.to = to, .subject = "Hello", .text = "Hello " + to, .kind = "test.hello"};
    return store::in_write(*db_, [&](store::Tx& tx) { return enqueue_mail(tx, m, at); });
  }
  OutboxRow row(std::int64_t id) {
    return *store::in_read(*db_, [&](store::Tx& tx) { return find_outbox(tx, id); });
  }
  FixedClock clock_{kStart};
};

TEST_P(Delivery, file_transport_writes_a_parseable_multipart_message_with_both_parts_and_list_unsubscribe) {
  TempDir temp;
  const auto mail_dir = temp.path + "/mail";  // made by the transport on first use
  FileTransport files(mail_dir, parse_mailbox("Sutton Council <noreply@sutton.example.org>"));
  MailMessage m{.to = "ann@example.org",
                .subject = "Ihre Bestätigung",
                .text = "Hello Ann,\nconfirm: https://example.org/c?a=1&b=2\n",
                .html = "<p>Hello Ann,</p><p><a href=\"https://example.org/c?a=1&amp;b=2\">confirm</a></p>\n",
                .list_unsubscribe = "https://example.org/unsubscribe/t0k3n",
                .kind = "test.confirm"};
  const auto id = store::in_write(*db_, [&](store::Tx& tx) { return enqueue_mail(tx, m, kStart); });
  EXPECT_EQ(deliver_due(*db_, clock_, files).sent, 1);

  const auto path = mail_dir + "/" + std::to_string(id) + ".eml";
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(mail_dir), {}), 1) << "no temporary file left";
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  std::stringstream content;
  content << std::ifstream(path, std::ios::binary).rdbuf();
  const auto mail = testing::parse_mail(content.str());
  EXPECT_EQ(mail.headers.at("from"), "Sutton Council <noreply@sutton.example.org>");
  EXPECT_EQ(mail.headers.at("to"), "ann@example.org");
  EXPECT_TRUE(mail.headers.at("subject").starts_with("=?UTF-8?B?"));
  EXPECT_EQ(mail.headers.at("list-unsubscribe"), "<https://example.org/unsubscribe/t0k3n>");
  EXPECT_EQ(mail.headers.at("list-unsubscribe-post"), "List-Unsubscribe=One-Click");
  EXPECT_TRUE(mail.headers.at("message-id").ends_with("@sutton.example.org>"));
  ASSERT_EQ(mail.parts.size(), 2u);
  EXPECT_NE(mail.parts[0].body.find("https://example.org/c?a=1&b=2"), std::string::npos)
      << mail.parts[0].body;
  EXPECT_NE(mail.parts[1].body.find("<a href=\"https://example.org/c?a=1&amp;b=2\">"), std::string::npos);
  const auto sent = row(id);
  EXPECT_EQ(sent.status, "sent");
  EXPECT_EQ(sent.sent_at, kStart);
}

TEST_P(Delivery, a_transport_that_fails_twice_then_succeeds_retries_after_one_then_five_minutes) {
  ScriptedTransport transport;
  transport.failures = 2;
  const auto id = enqueue("ann@example.org");

  EXPECT_EQ(deliver_due(*db_, clock_, transport).retrying, 1);
  auto r = row(id);
  EXPECT_EQ(r.status, "pending");
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.next_attempt_at, kStart + 1 * kMinute);
  EXPECT_EQ(r.last_error, "451 4.3.0 try again later");

  clock_.advance(1 * kMinute - 1);
  EXPECT_EQ(deliver_due(*db_, clock_, transport).retrying, 0) << "not due yet";
  EXPECT_EQ(transport.calls, 1);

  clock_.set(kStart + 1 * kMinute);
  EXPECT_EQ(deliver_due(*db_, clock_, transport).retrying, 1);
  r = row(id);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.next_attempt_at, kStart + 1 * kMinute + 5 * kMinute);

  clock_.set(r.next_attempt_at);
  EXPECT_EQ(deliver_due(*db_, clock_, transport).sent, 1);
  r = row(id);
  EXPECT_EQ(r.status, "sent");
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.sent_at, clock_.now());
  ASSERT_EQ(transport.sent.size(), 1u);
  EXPECT_EQ(transport.sent[0].outbox_id, id);
  EXPECT_EQ(transport.sent[0].rcpt_to, "ann@example.org");
  EXPECT_EQ(transport.sent[0].mail_from, "noreply@example.org");

  clock_.advance(24 * 60 * kMinute);
  EXPECT_EQ(deliver_due(*db_, clock_, transport).sent, 0) << "a sent message is not sent again";
}

TEST_P(Delivery, after_six_failures_the_message_is_failed_and_never_tried_again) {
  ScriptedTransport transport;
  transport.failing.insert("nobody@example.org");
  const auto id = enqueue("nobody@example.org");
  const Micros expected_waits[] = {1 * kMinute, 5 * kMinute, 30 * kMinute, 120 * kMinute, 360 * kMinute};
  for (int attempt = 1; attempt <= 5; ++attempt) {
    EXPECT_EQ(deliver_due(*db_, clock_, transport).retrying, 1) << attempt;
    const auto r = row(id);
    EXPECT_EQ(r.attempts, attempt);
    EXPECT_EQ(r.next_attempt_at, clock_.now() + expected_waits[attempt - 1]) << attempt;
    clock_.set(r.next_attempt_at);
  }
  EXPECT_EQ(deliver_due(*db_, clock_, transport).failed, 1);
  const auto r = row(id);
  EXPECT_EQ(r.status, "failed");
  EXPECT_EQ(r.attempts, 6);
  clock_.advance(7 * 24 * 60 * kMinute);
  deliver_due(*db_, clock_, transport);
  EXPECT_EQ(transport.calls, 6);
}

TEST_P(Delivery, one_failing_message_does_not_block_the_next) {
  ScriptedTransport transport;
  transport.failing.insert("broken@example.org");
  const auto bad = enqueue("broken@example.org");
  const auto good = enqueue("ann@example.org");
  const auto report = deliver_due(*db_, clock_, transport);
  EXPECT_EQ(report.sent, 1);
  EXPECT_EQ(report.retrying, 1);
  EXPECT_EQ(row(bad).status, "pending");
  EXPECT_EQ(row(good).status, "sent");
}

TEST_P(Delivery, oldest_due_first_and_at_most_one_batch_per_run) {
  ScriptedTransport transport;
  const auto later = enqueue("later@example.org", kStart - 1 * kMinute);
  const auto first = enqueue("first@example.org", kStart - 2 * kMinute);
  enqueue("future@example.org", kStart + 1 * kMinute);
  EXPECT_EQ(deliver_due(*db_, clock_, transport, 1).sent, 1);
  EXPECT_EQ(deliver_due(*db_, clock_, transport, 1).sent, 1);
  EXPECT_EQ(deliver_due(*db_, clock_, transport, 1).sent, 0);
  ASSERT_EQ(transport.sent.size(), 2u);
  EXPECT_EQ(transport.sent[0].outbox_id, first);
  EXPECT_EQ(transport.sent[1].outbox_id, later);
}

TEST_P(Delivery, a_claimed_message_is_hidden_from_other_senders_until_the_claim_times_out) {
  const auto id = enqueue("ann@example.org");
  auto claim = [&](Micros now) {
    return store::in_write(*db_, [&](store::Tx& tx) { return claim_next_due(tx, now, now + kClaimTimeout); });
  };
  ASSERT_TRUE(claim(kStart));
  EXPECT_FALSE(claim(kStart + 1)) << "a second sender finds nothing while the first is sending";
  const auto again = claim(kStart + kClaimTimeout);
  ASSERT_TRUE(again) << "a sender that died mid-send does not lose the message";
  EXPECT_EQ(again->id, id);
}

TEST_P(Delivery, several_senders_at_once_send_each_message_exactly_once) {
  constexpr int kMessages = 40;
  for (int i = 0; i < kMessages; ++i) enqueue("reader" + std::to_string(i) + "@example.org");
  ScriptedTransport transport;
  std::vector<std::unique_ptr<store::Db>> dbs;
  for (int i = 0; i < 3; ++i) dbs.push_back(reopen(2));  // as if three app servers
  std::vector<std::thread> senders;
  for (auto& db : dbs)
    senders.emplace_back([&, d = db.get()] {
      while (deliver_due(*d, clock_, transport, 5).sent > 0) {
      }
    });
  for (auto& t : senders) t.join();
  std::set<std::int64_t> ids;
  for (const auto& e : transport.sent) ids.insert(e.outbox_id);
  EXPECT_EQ(transport.sent.size(), static_cast<std::size_t>(kMessages));
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kMessages));
}

TEST_P(Delivery, the_mail_module_job_delivers_to_the_folder_the_environment_names) {
  TempDir temp;
  const auto mail_dir = temp.path;
  ::setenv("COMMONWEAL_MAIL_DIR", mail_dir.c_str(), 1);
  ::unsetenv("COMMONWEAL_SMTP_URL");
  const auto manifest = module();
  ::unsetenv("COMMONWEAL_MAIL_DIR");
  EXPECT_EQ(manifest.name, "mail");
  EXPECT_TRUE(manifest.nav.empty());
  ASSERT_EQ(manifest.jobs.size(), 2u);
  EXPECT_EQ(manifest.jobs[0].name, "mail.deliver");
  EXPECT_EQ(manifest.jobs[0].every, std::chrono::seconds(2));
  EXPECT_EQ(manifest.jobs[1].name, "mail.prune");
  EXPECT_EQ(manifest.jobs[1].every, std::chrono::hours(1));
  const auto id = enqueue("ann@example.org");
  const html::Views& views = html::shared_views();
  const web::Site site;
  manifest.jobs[0].run({*db_, clock_, views, site});
  EXPECT_TRUE(std::filesystem::exists(mail_dir + "/" + std::to_string(id) + ".eml"));
}

CW_STORE_ENGINES(Delivery);

TEST(MailSettings, a_bad_from_or_smtp_url_names_the_variable) {
  MailSettings s;
  s.from = "not an address";
  try {
    make_transport(s);
    ADD_FAILURE() << "accepted a bad From";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("COMMONWEAL_MAIL_FROM"), std::string::npos) << e.what();
  }
  s = MailSettings{};
  s.smtp_url = "http://mail.example.org";
  try {
    make_transport(s);
    ADD_FAILURE() << "accepted an http URL";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("COMMONWEAL_SMTP_URL"), std::string::npos) << e.what();
  }
  EXPECT_NE(dynamic_cast<FileTransport*>(make_transport(MailSettings{}).get()), nullptr);
  s = MailSettings{};
  s.smtp_url = "smtps://mail.example.org:465";
  EXPECT_NE(dynamic_cast<SmtpTransport*>(make_transport(s).get()), nullptr);
}

}  // namespace
}  // namespace cw::mail
