// Daily anchors of the audit log: the chain head is published once a day, and a log rewritten after that
// (every later hash and the head recomputed, which the chain alone cannot catch) fails verification at
// the published entry.
#include <gtest/gtest.h>

#include <algorithm>

#include "modules/audit/audit.h"
#include "modules/audit/chain.h"
#include "modules/audit/store.h"
#include "modules/module.h"
#include "store/migrate.h"
#include "store/tests/fixture.h"

namespace cw::audit {
namespace {

constexpr Micros kNow = 1'790'000'000'000'000;  // 2026-09-21
constexpr Micros kDay = 24LL * 3600 * 1000000;

class Anchors : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store::migrate(*db_, modules::module_migrations("audit", db_->engine()));
  }
  void record(const std::string& action, Micros at) {
    store::in_write(*db_, [&](store::Tx& tx) {
      record_audit(
          tx, {.actor_label = "system", .action = action, .object_type = "petition", .object_id = "3"}, at);
    });
  }
  bool publish(Micros at) {
    return store::in_write(*db_, [&](store::Tx& tx) { return publish_anchor(tx, at); });
  }
  // What someone with the database would do to hide an edit: rewrite the entry, recompute every later hash
  // and the head, with the append-only triggers out of the way.
  void rewrite_entry_two() {
    store::in_write(*db_, [&](store::Tx& tx) {
      if (GetParam() == store::Engine::sqlite) {
        tx.exec("DROP TRIGGER audit_log_no_update");
      } else {
        tx.exec("DROP TRIGGER audit_log_append_only ON audit_log");
      }
      auto rows = list_audit(tx, {.limit = 10});
      std::reverse(rows.begin(), rows.end());
      std::string prev = rows.at(0).hash;
      for (std::size_t i = 1; i < rows.size(); ++i) {
        auto r = rows[i];
        if (r.id == 2) r.action = "petition.reopen";
        r.prev_hash = prev;
        r.hash = entry_hash(r);
        tx.run("UPDATE audit_log SET action = $2, prev_hash = $3, hash = $4 WHERE id = $1", r.id, r.action,
               r.prev_hash, r.hash);
        prev = r.hash;
      }
      tx.run("UPDATE audit_head SET hash = $1 WHERE id = 1", prev);
    });
  }
};

TEST_P(Anchors, the_head_is_published_once_a_day) {
  EXPECT_TRUE(publish(kNow)) << "an empty log is anchored too";
  record("petition.close", kNow);
  EXPECT_FALSE(publish(kNow + 3600'000'000)) << "one anchor a day, never replaced";
  EXPECT_TRUE(publish(kNow + kDay));
  auto anchors = store::in_read(*db_, [](store::Tx& tx) { return recent_anchors(tx, 10); });
  ASSERT_EQ(anchors.size(), 2u);
  EXPECT_EQ(anchors[0].day, "2026-09-22");
  EXPECT_EQ(anchors[0].seq, 1);
  EXPECT_EQ(anchors[1].day, "2026-09-21");
  EXPECT_EQ(anchors[1].seq, 0);
  EXPECT_EQ(anchors[1].hash, kGenesisHash);
  EXPECT_TRUE(verify_audit_chain(*db_).ok);
}

TEST_P(Anchors, a_rewrite_with_every_hash_recomputed_fails_at_the_published_entry) {
  record("petition.close", kNow);
  record("petition.close", kNow + 1);
  record("petition.close", kNow + 2);
  publish(kNow + 3);
  record("petition.close", kNow + kDay);
  rewrite_entry_two();
  auto check = verify_audit_chain(*db_);
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_bad_id, 3);
  EXPECT_NE(check.reason.find("published on 2026-09-21"), std::string::npos) << check.reason;

  // Without the anchor the same rewrite passes: that is what the published copies are for.
  store::in_write(*db_, [](store::Tx& tx) { tx.exec("DELETE FROM audit_anchors"); });
  EXPECT_TRUE(verify_audit_chain(*db_).ok);
}

TEST_P(Anchors, an_anchor_beyond_the_end_of_the_log_means_entries_were_removed) {
  record("petition.close", kNow);
  store::in_write(*db_, [](store::Tx& tx) {
    insert_anchor(tx, {"2026-09-20", 5, std::string(64, 'a'), kNow - kDay});
  });
  auto check = verify_audit_chain(*db_);
  EXPECT_FALSE(check.ok);
  EXPECT_NE(check.reason.find("entry 5, published on 2026-09-20, is missing"), std::string::npos)
      << check.reason;
}

CW_STORE_ENGINES(Anchors);

}  // namespace
}  // namespace cw::audit
