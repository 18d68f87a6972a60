// Enqueueing and rendering: a mail exists exactly when the action that caused it committed, values that
// could inject headers are refused before anything is written, and views render the way mail needs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "html/views.h"
#include "modules/mail/outbox.h"
#include "modules/mail/store.h"
#include "modules/module.h"
#include "store/migrate.h"
#include "store/tests/fixture.h"

namespace cw::mail {
namespace {

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);
constexpr Micros kNow = 1'700'000'000'000'000;

MailMessage confirmation() {
  return {.to = "resident@example.org",
          .subject = "Confirm your email address",
          .text = "Follow https://example.org/confirm/abc",
          .kind = "account.confirm"};
}

class Outbox : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store::migrate(*db_, modules::module_migrations("mail", db_->engine()));
  }
  std::optional<OutboxRow> find(std::int64_t id) {
    return store::in_read(*db_, [&](store::Tx& tx) { return find_outbox(tx, id); });
  }
};

TEST_P(Outbox, enqueued_mail_is_pending_and_due_at_once) {
  auto m = confirmation();
  m.html = "<p>Follow the link</p>";
  const auto id = store::in_write(*db_, [&](store::Tx& tx) { return enqueue_mail(tx, m, kNow); });
  const auto row = find(id);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->status, "pending");
  EXPECT_EQ(row->attempts, 0);
  EXPECT_EQ(row->created_at, kNow);
  EXPECT_EQ(row->next_attempt_at, kNow);
  EXPECT_EQ(row->message.to, m.to);
  EXPECT_EQ(row->message.subject, m.subject);
  EXPECT_EQ(row->message.text, m.text);
  EXPECT_EQ(row->message.html, m.html);
  EXPECT_EQ(row->message.kind, "account.confirm");
  EXPECT_FALSE(row->sent_at);
  EXPECT_FALSE(row->last_error);
}

TEST_P(Outbox, mail_enqueued_in_a_transaction_that_rolls_back_is_not_in_the_outbox) {
  EXPECT_THROW(store::in_write(*db_,
                               [&](store::Tx& tx) {
                                 enqueue_mail(tx, confirmation(), kNow);
                                 throw std::runtime_error("the action failed after enqueueing");
                               }),
               std::runtime_error);
  {
    auto tx = db_->write();
    enqueue_mail(tx, confirmation(), kNow);
  }  // destroyed without commit
  EXPECT_EQ(count("outbox"), 0);
  store::in_write(*db_, [&](store::Tx& tx) { enqueue_mail(tx, confirmation(), kNow); });
  EXPECT_EQ(count("outbox"), 1);
}

TEST_P(Outbox, cr_or_lf_in_the_address_or_subject_is_refused_and_nothing_is_written) {
  auto tx = db_->write();
  for (const char* to : {"a@example.org\r\nBcc: all@example.org", "a@example.org\n",
                         "a@example.org, b@example.org", "Name <a@example.org>", ""}) {
    auto m = confirmation();
    m.to = to;
    EXPECT_THROW(enqueue_mail(tx, m, kNow), std::invalid_argument) << to;
  }
  for (const char* subject : {"Hello\r\nBcc: all@example.org", "Hello\nX-Evil: 1", "Hello\r"}) {
    auto m = confirmation();
    m.subject = subject;
    EXPECT_THROW(enqueue_mail(tx, m, kNow), std::invalid_argument) << subject;
  }
  auto m = confirmation();
  m.list_unsubscribe = "https://example.org/u\r\nBcc: all@example.org";
  EXPECT_THROW(enqueue_mail(tx, m, kNow), std::invalid_argument);
  m.list_unsubscribe = "http://example.org/unsubscribe";
  EXPECT_THROW(enqueue_mail(tx, m, kNow), std::invalid_argument) << "RFC 8058 wants https";
  m = confirmation();
  m.kind = "";
  EXPECT_THROW(enqueue_mail(tx, m, kNow), std::invalid_argument);
  tx.commit();
  EXPECT_EQ(count("outbox"), 0);
}

TEST_P(Outbox, mail_enqueued_by_statement_is_the_same_and_can_be_withdrawn_in_its_transaction) {
  EXPECT_THROW(enqueue_mail_statement({.to = "a@example.org\r\nBcc: x@example.org", .kind = "k"}, kNow),
               std::invalid_argument);
  auto statement = enqueue_mail_statement(confirmation(), kNow);
  auto [kept, withdrawn] = store::in_write(*db_, [&](store::Tx& tx) {
    auto results = tx.exec_all({&statement, &statement});
    auto second = results[1].one().integer(0);
    withdraw_mail(tx, second);
    return std::pair(results[0].one().integer(0), second);
  });
  EXPECT_FALSE(find(withdrawn));
  auto row = find(kept);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->status, "pending");
  EXPECT_EQ(row->next_attempt_at, kNow);
  EXPECT_EQ(row->message.text, confirmation().text);
  EXPECT_EQ(count("outbox"), 1);
}

CW_STORE_ENGINES(Outbox);

const html::Views& views() {
  static const html::Views v;
  return v;
}

nlohmann::json notice_data() {
  return {{"subject", "Your petition \"Parks & <Play>\" was accepted"},
          {"greeting", "Dear Ann & Bob,"},
          {"paragraphs", {"Your petition \"Parks & <Play>\" is open for signatures.", "Thank you."}},
          {"action", {{"label", "See your petition"}, {"url", "https://example.org/petitions/7?a=1&b=2"}}},
          {"footer", "Sutton <Council>"}};
}

TEST(RenderMail, text_is_rendered_unescaped_and_html_escaped) {
  const auto m = render_mail(views(), "mail/notice", notice_data(), "ann@example.org", "petition.accepted");
  EXPECT_EQ(m.to, "ann@example.org");
  EXPECT_EQ(m.kind, "petition.accepted");
  EXPECT_EQ(m.subject, "Your petition \"Parks & <Play>\" was accepted");
  EXPECT_NE(m.text.find("Dear Ann & Bob,"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("Your petition \"Parks & <Play>\" is open"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("https://example.org/petitions/7?a=1&b=2"), std::string::npos) << m.text;
  EXPECT_EQ(m.text.find("&amp;"), std::string::npos) << m.text;
  EXPECT_NE(m.html.find("Dear Ann &amp; Bob,"), std::string::npos) << m.html;
  EXPECT_NE(m.html.find("&quot;Parks &amp; &lt;Play&gt;&quot;"), std::string::npos) << m.html;
  EXPECT_NE(m.html.find("href=\"https://example.org/petitions/7?a=1&amp;b=2\""), std::string::npos) << m.html;
  EXPECT_EQ(m.html.find("<Play>"), std::string::npos) << m.html;
  EXPECT_TRUE(m.list_unsubscribe.empty());
}

TEST(RenderMail, the_text_view_has_no_blank_runs_where_sections_are_absent) {
  const auto m = render_mail(views(), "mail/notice", {{"subject", "Hi"}, {"paragraphs", {"One line."}}},
                             "ann@example.org", "test.notice");
  EXPECT_EQ(m.text, "One line.\n\n");
}

TEST(RenderMail, data_without_a_subject_is_refused) {
  EXPECT_THROW(render_mail(views(), "mail/notice", {{"greeting", "Hi"}}, "ann@example.org", "test.notice"),
               std::invalid_argument);
  EXPECT_THROW(render_mail(views(), "mail/notice", {{"subject", 42}}, "ann@example.org", "test.notice"),
               std::invalid_argument);
}

TEST(RenderMail, an_unknown_view_is_an_error) {
  EXPECT_THROW(
      render_mail(views(), "mail/no_such_view", {{"subject", "Hi"}}, "ann@example.org", "test.notice"),
      std::out_of_range);
}

}  // namespace
}  // namespace cw::mail
