// The audit log on both engines: entries chain and verify; an edited, removed or forged entry is found
// (after the test drops the append-only triggers, as an attacker with database access could); the
// database itself refuses UPDATE and DELETE; concurrent appenders keep one valid chain.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "modules/audit/audit.h"
#include "modules/audit/chain.h"
#include "modules/module.h"
#include "store/migrate.h"
#include "store/tests/fixture.h"

namespace cw::audit {
namespace {

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);
constexpr Micros kNow = 1'700'000'000'000'000;

AuditEntry grant(std::int64_t user, const std::string& role) {
  return {.actor_user_id = 1,
          .actor_label = "admin@example.org",
          .action = "role.grant",
          .object_type = "user",
          .object_id = std::to_string(user),
          .locality_id = 7,
          .ip = "203.0.113.77",
          .before = "roles: resident",
          .after = "roles: resident, " + role};
}

class AuditLog : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store::migrate(*db_, modules::module_migrations("audit", db_->engine()));
  }
  void record(const AuditEntry& e, Micros at = kNow) {
    store::in_write(*db_, [&](store::Tx& tx) { record_audit(tx, e, at); });
  }
  void record_three() {
    record(grant(10, "moderator"), kNow);
    record({.actor_label = "system", .action = "petition.close", .object_type = "petition", .object_id = "3"},
           kNow + 1);
    record(grant(11, "council_officer"), kNow + 2);
  }
  // What an attacker with database access would do first.
  void drop_append_only_triggers() {
    store::in_write(*db_, [&](store::Tx& tx) {
      if (GetParam() == store::Engine::sqlite) {
        tx.exec("DROP TRIGGER audit_log_no_update");
        tx.exec("DROP TRIGGER audit_log_no_delete");
      } else {
        tx.exec("DROP TRIGGER audit_log_append_only ON audit_log");
      }
    });
  }
  void tamper(const std::string& sql) {
    store::in_write(*db_, [&](store::Tx& tx) { tx.exec(sql); });
  }
  std::vector<AuditRow> all() {
    return store::in_read(*db_, [](store::Tx& tx) { return list_audit(tx, {.limit = 500}); });
  }
};

TEST_P(AuditLog, an_empty_log_verifies) {
  const auto check = verify_audit_chain(*db_);
  EXPECT_TRUE(check.ok) << check.reason;
  EXPECT_EQ(check.rows_checked, 0);
}

TEST_P(AuditLog, three_entries_chain_from_the_genesis_hash_and_verify) {
  record_three();
  const auto check = verify_audit_chain(*db_);
  EXPECT_TRUE(check.ok) << check.reason;
  EXPECT_EQ(check.rows_checked, 3);
  EXPECT_FALSE(check.first_bad_id);

  auto rows = all();
  ASSERT_EQ(rows.size(), 3u);
  std::reverse(rows.begin(), rows.end());
  EXPECT_EQ(rows[0].prev_hash, kGenesisHash);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].id, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(rows[i].hash.size(), 64u);
    EXPECT_EQ(rows[i].hash, entry_hash(rows[i]));
    if (i > 0) {
      EXPECT_EQ(rows[i].prev_hash, rows[i - 1].hash);
    }
  }
  EXPECT_EQ(rows[0].ip_prefix, "203.0.113.0/24");
  EXPECT_EQ(rows[0].actor_user_id, 1);
  EXPECT_EQ(rows[0].locality_id, 7);
  EXPECT_EQ(rows[0].after, "roles: resident, moderator");
  EXPECT_EQ(rows[1].actor_label, "system");
  EXPECT_FALSE(rows[1].actor_user_id);
  EXPECT_EQ(rows[1].ip_prefix, "");
}

TEST_P(AuditLog, the_database_refuses_update_and_delete_of_entries) {
  record_three();
  EXPECT_THROW(tamper("UPDATE audit_log SET after_summary = 'nothing happened' WHERE id = 2"),
               store::DbError);
  EXPECT_THROW(tamper("DELETE FROM audit_log WHERE id = 2"), store::DbError);
  EXPECT_THROW(tamper("DELETE FROM audit_log"), store::DbError);
  EXPECT_THROW(tamper("DELETE FROM audit_head"), store::DbError);
  if (GetParam() == store::Engine::postgresql) {
    EXPECT_THROW(tamper("TRUNCATE audit_log"), store::DbError);
  }
  EXPECT_EQ(count("audit_log"), 3);
  EXPECT_TRUE(verify_audit_chain(*db_).ok);
}

TEST_P(AuditLog, a_changed_summary_is_reported_at_its_row) {
  record_three();
  drop_append_only_triggers();
  tamper("UPDATE audit_log SET after_summary = 'roles: resident' WHERE id = 2");
  const auto check = verify_audit_chain(*db_);
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_bad_id, 2);
  EXPECT_EQ(check.rows_checked, 1);
  EXPECT_NE(check.reason.find("hash"), std::string::npos) << check.reason;
}

TEST_P(AuditLog, a_changed_row_with_a_recomputed_hash_breaks_the_link_of_the_next) {
  record_three();
  drop_append_only_triggers();
  auto second = all().at(1);
  second.after = "forged";
  tamper("UPDATE audit_log SET after_summary = 'forged', hash = '" + entry_hash(second) + "' WHERE id = 2");
  const auto check = verify_audit_chain(*db_);
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_bad_id, 3);
  EXPECT_NE(check.reason.find("link"), std::string::npos) << check.reason;
}

TEST_P(AuditLog, a_deleted_middle_row_is_reported) {
  record_three();
  drop_append_only_triggers();
  tamper("DELETE FROM audit_log WHERE id = 2");
  const auto check = verify_audit_chain(*db_);
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_bad_id, 2);
  EXPECT_EQ(check.reason, "entry 2 is missing");
}

TEST_P(AuditLog, a_deleted_newest_row_is_reported_against_the_head) {
  record_three();
  drop_append_only_triggers();
  tamper("DELETE FROM audit_log WHERE id = 3");
  const auto check = verify_audit_chain(*db_);
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_bad_id, 3);
  EXPECT_EQ(check.rows_checked, 2);
}

TEST_P(AuditLog, a_row_inserted_behind_the_heads_back_is_reported) {
  record_three();
  tamper(
      "INSERT INTO audit_log (id, at, actor_label, action, object_type, object_id, ip_prefix, "
      "before_summary, "
      "after_summary, prev_hash, hash) SELECT 4, at, actor_label, action, object_type, object_id, ip_prefix, "
      "before_summary, after_summary, hash, 'made up' FROM audit_log WHERE id = 3");
  const auto check = verify_audit_chain(*db_);
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_bad_id, 4);
}

TEST_P(AuditLog, a_rolled_back_action_leaves_no_entry_and_no_gap) {
  record(grant(10, "moderator"));
  EXPECT_THROW(store::in_write(*db_,
                               [&](store::Tx& tx) {
                                 record_audit(tx, grant(11, "moderator"), kNow);
                                 throw std::runtime_error("the action failed");
                               }),
               std::runtime_error);
  record(grant(12, "moderator"));
  const auto rows = all();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, 2);
  EXPECT_EQ(rows[0].object_id, "12");
  EXPECT_TRUE(verify_audit_chain(*db_).ok);
}

TEST_P(AuditLog, an_entry_needs_an_actor_and_an_action) {
  auto e = grant(10, "moderator");
  e.actor_label = "";
  EXPECT_THROW(record(e), std::invalid_argument);
  e = grant(10, "moderator");
  e.action = "";
  EXPECT_THROW(record(e), std::invalid_argument);
  EXPECT_EQ(count("audit_log"), 0);
}

TEST_P(AuditLog, verify_reads_a_log_longer_than_one_page) {
  store::in_write(*db_, [&](store::Tx& tx) {
    for (int i = 0; i < 2345; ++i) record_audit(tx, grant(i, "resident"), kNow + i);
  });
  const auto check = verify_audit_chain(*db_);
  EXPECT_TRUE(check.ok) << check.reason;
  EXPECT_EQ(check.rows_checked, 2345);
}

TEST_P(AuditLog, concurrent_appends_keep_one_valid_chain) {
  constexpr int kThreads = 4, kEach = 25;
  auto shared = reopen(kThreads + 1);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i)
        store::in_write(*shared,
                        [&](store::Tx& tx) { record_audit(tx, grant(t * 1000 + i, "resident"), kNow + i); });
    });
  for (auto& th : threads) th.join();
  const auto check = verify_audit_chain(*db_);
  EXPECT_TRUE(check.ok) << check.reason << " at " << check.first_bad_id.value_or(0);
  EXPECT_EQ(check.rows_checked, kThreads * kEach);
}

CW_STORE_ENGINES(AuditLog);

}  // namespace
}  // namespace cw::audit
