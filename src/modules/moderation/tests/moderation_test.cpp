// Moderation against both real engines, with a small content kind of the test's own: reports reach
// the queue, decisions hide or restore through the content's module, authors are told and audited.
#include "modules/moderation/moderation.h"

#include <gtest/gtest.h>

#include "html/views.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/secrets.h"
#include "modules/accounts/store.h"
#include "modules/audit/audit.h"
#include "modules/module.h"
#include "modules/testing.h"
#include "store/migrate.h"
#include "store/tests/pg_harness.h"
#include "web/forms.h"

namespace cw::moderation {
namespace {

using store::Engine;

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);
constexpr Micros kNow = 1'790'000'000'000'000;
constexpr std::int64_t kHere = 1, kElsewhere = 2;

void register_test_notes() {
  register_content_kind({"test_note", "Note",
                         [](store::Tx& tx, const std::string& id) -> std::optional<ContentInfo> {
                           auto r = tx.run(
                               "SELECT body, author, locality, hidden FROM test_notes WHERE id = $1", id);
                           if (r.empty()) return std::nullopt;
                           const auto& row = r.rows[0];
                           return ContentInfo{"Note " + id,   row.text(0),    row.integer(1),
                                              row.integer(2), "/notes/" + id, row.integer(3) != 0};
                         },
                         [](store::Tx& tx, const std::string& id, bool hidden, Micros) {
                           tx.run("UPDATE test_notes SET hidden = $2 WHERE id = $1", id, hidden);
                         }});
}

class Moderation : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = modules::testing::migrated_db(GetParam(), sqlite_, {"mail", "audit", "accounts", "moderation"});
    register_test_notes();
    store::in_write(*db_, [&](store::Tx& tx) {
      tx.exec_script(
          "CREATE TABLE test_notes (id TEXT PRIMARY KEY, body TEXT, author BIGINT, locality BIGINT, "
          "hidden INTEGER NOT NULL DEFAULT 0)");
      author_ = accounts::insert_user(tx, "author@example.org", accounts::hash_password("x", {1, 8192}),
                                      "Author", "", kNow);
      tx.run("INSERT INTO test_notes (id, body, author, locality) VALUES ('n1', 'Buy cheap watches', $1, $2)",
             author_, kHere);
    });
  }
  std::int64_t count(const std::string& sql) {
    return store::in_read(*db_, [&](store::Tx& tx) { return tx.run(sql).one().integer(0); });
  }
  void flag(const std::string& reason, const std::string& note = "") {
    store::in_write(*db_, [&](store::Tx& tx) {
      flag_content(tx, "test_note", "n1", reason, note, std::nullopt, "203.0.113.7", kNow);
    });
  }
  void decide_as(const Actor& a, Decision d, const std::string& reason = "advert") {
    store::in_write(*db_, [&](store::Tx& tx) {
      decide(tx, a, {"test_note", "n1", d, reason, "Please keep to local matters"}, views_,
             "https://cw.example", "203.0.113.8", kNow + 60'000'000);
    });
  }

  store::testing::TempSqlite sqlite_;
  std::unique_ptr<store::Db> db_;
  const html::Views& views_ = html::shared_views();
  std::int64_t author_ = 0;
  Actor moderator_{100, "Mod", "mod@example.org", "s", {{accounts::role::moderator, kHere, {}}}};
};

TEST_P(Moderation, reports_of_one_piece_of_content_make_one_queue_item) {
  flag("advert", "Spam again");
  flag("advert");
  flag("offensive");
  auto queue = store::in_read(*db_, [&](store::Tx& tx) { return open_queue(tx, {kHere}, false); });
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue[0].reports, 3);
  EXPECT_EQ(queue[0].reasons.front(), "advertising or spam (2)");
  EXPECT_EQ(queue[0].notes, std::vector<std::string>{"Spam again"});
  EXPECT_TRUE(
      store::in_read(*db_, [&](store::Tx& tx) { return open_queue(tx, {kElsewhere}, false); }).empty());
}

TEST_P(Moderation, a_report_needs_existing_content_and_a_known_reason) {
  EXPECT_THROW(flag("because"), web::FormInvalid);
  EXPECT_THROW(store::in_write(*db_,
                               [&](store::Tx& tx) {
                                 flag_content(tx, "test_note", "missing", "advert", "", std::nullopt, "",
                                              kNow);
                               }),
               web::FormInvalid);
  EXPECT_EQ(count("SELECT COUNT(*) FROM moderation_flags"), 0);
}

TEST_P(Moderation, hiding_closes_the_reports_tells_the_author_why_and_is_audited) {
  flag("advert");
  decide_as(moderator_, Decision::hide);
  EXPECT_EQ(count("SELECT hidden FROM test_notes WHERE id = 'n1'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM moderation_flags WHERE closed_at IS NULL"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM moderation_decisions WHERE decision = 'hide' AND reason = 'advert'"),
            1);
  auto body = store::in_read(*db_, [&](store::Tx& tx) {
    return tx.run("SELECT text_body FROM outbox WHERE to_address = 'author@example.org'").one().text(0);
  });
  EXPECT_NE(body.find("hidden your note, as it was judged advertising or spam"), std::string::npos) << body;
  EXPECT_NE(body.find("Please keep to local matters"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'moderation.hide'"), 1);
  EXPECT_TRUE(audit::verify_audit_chain(*db_).ok);
  decide_as(moderator_, Decision::restore, "");
  EXPECT_EQ(count("SELECT hidden FROM test_notes WHERE id = 'n1'"), 0);
}

TEST_P(Moderation, only_a_platform_admin_may_block_someone_who_holds_a_role) {
  store::in_write(*db_, [&](store::Tx& tx) {
    accounts::insert_grant(tx, author_, {accounts::role::locality_admin, kHere, std::nullopt}, std::nullopt,
                           kNow);
  });
  try {
    decide_as(moderator_, Decision::block_author, "offensive");
    FAIL() << "a locality moderator blocked an admin";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 403);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE status = 'blocked'"), 0);
  EXPECT_EQ(count("SELECT hidden FROM test_notes"), 0) << "nothing changed";
  decide_as(moderator_, Decision::hide, "offensive");
  EXPECT_EQ(count("SELECT hidden FROM test_notes"), 1) << "hiding is still the moderator's";
  Actor platform{300, "Root", "root@example.org", "s3", {{accounts::role::platform_admin, std::nullopt, {}}}};
  decide_as(platform, Decision::block_author, "offensive");
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE status = 'blocked'"), 1);
}

TEST_P(Moderation, blocking_hides_the_content_and_the_author_can_no_longer_sign_in) {
  decide_as(moderator_, Decision::block_author, "offensive");
  EXPECT_EQ(count("SELECT hidden FROM test_notes WHERE id = 'n1'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE status = 'blocked'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = 'author@example.org'"), 1)
      << "the author is told even though the block makes the account inactive";
}

TEST_P(Moderation, a_moderator_elsewhere_or_a_decision_without_a_reason_is_refused_and_changes_nothing) {
  Actor elsewhere{101, "Other", "other@example.org", "s", {{accounts::role::moderator, kElsewhere, {}}}};
  try {
    decide_as(elsewhere, Decision::hide);
    FAIL() << "expected a refusal";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 403);
  }
  EXPECT_THROW(decide_as(moderator_, Decision::hide, ""), web::FormInvalid);
  EXPECT_EQ(count("SELECT hidden FROM test_notes WHERE id = 'n1'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM moderation_decisions"), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, Moderation, ::testing::Values(Engine::sqlite, Engine::postgresql),
                         [](const auto& info) {
                           return info.param == Engine::sqlite ? "sqlite" : "postgresql";
                         });

}  // namespace
}  // namespace cw::moderation
