// The admin page's query on both engines: each filter narrows, and keyset pages walk back through the
// log without repeating or skipping an entry.
#include <gtest/gtest.h>

#include "modules/audit/audit.h"
#include "modules/module.h"
#include "store/migrate.h"
#include "store/tests/fixture.h"

namespace cw::audit {
namespace {

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);
constexpr Micros kNow = 1'700'000'000'000'000;

class ListAudit : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store::migrate(*db_, modules::module_migrations("audit", db_->engine()));
    store::in_write(*db_, [&](store::Tx& tx) {
      // ids 1…6, one second apart
      record(tx, 1, "role.grant", "user", "10", 7);
      record(tx, 1, "role.revoke", "user", "10", 7);
      record(tx, 2, "petition.close", "petition", "3", 7);
      record(tx, std::nullopt, "petition.hide", "petition", "4", 8);
      record(tx, 2, "role.grant", "user", "11", 8);
      record(tx, 1, "roles.import", "user", "12", std::nullopt);
    });
  }
  void record(store::Tx& tx, std::optional<std::int64_t> actor, const std::string& action,
              const std::string& type, const std::string& id, std::optional<std::int64_t> locality) {
    record_audit(tx,
                 {.actor_user_id = actor,
                  .actor_label = actor ? "user" + std::to_string(*actor) : "system",
                  .action = action,
                  .object_type = type,
                  .object_id = id,
                  .locality_id = locality},
                 kNow + 1'000'000 * next_++);
  }
  std::vector<std::int64_t> ids(const AuditFilter& f) {
    std::vector<std::int64_t> out;
    for (const auto& r : store::in_read(*db_, [&](store::Tx& tx) { return list_audit(tx, f); }))
      out.push_back(r.id);
    return out;
  }
  int next_ = 0;
};

using Ids = std::vector<std::int64_t>;

TEST_P(ListAudit, newest_first_without_filters) {
  EXPECT_EQ(ids({}), (Ids{6, 5, 4, 3, 2, 1}));
}

TEST_P(ListAudit, each_filter_narrows_the_list) {
  EXPECT_EQ(ids({.action_prefix = "role."}), (Ids{5, 2, 1}))
      << "a prefix, not a pattern: roles.import is out";
  EXPECT_EQ(ids({.action_prefix = "role.grant"}), (Ids{5, 1}));
  EXPECT_EQ(ids({.action_prefix = "ROLE."}), Ids{}) << "case matters on both engines";
  EXPECT_EQ(ids({.action_prefix = "role%"}), Ids{}) << "no wildcards";
  EXPECT_EQ(ids({.actor_user_id = 2}), (Ids{5, 3}));
  EXPECT_EQ(ids({.object_type = "petition"}), (Ids{4, 3}));
  EXPECT_EQ(ids({.object_type = "user", .object_id = "10"}), (Ids{2, 1}));
  EXPECT_EQ(ids({.locality_id = 8}), (Ids{5, 4}));
  EXPECT_EQ(ids({.from = kNow + 1'000'000, .until = kNow + 3'000'000}), (Ids{3, 2}));
  EXPECT_EQ(ids({.action_prefix = "role.", .actor_user_id = 1, .locality_id = 7}), (Ids{2, 1}));
}

TEST_P(ListAudit, keyset_pages_walk_back_through_the_log) {
  AuditFilter f{.limit = 4};
  const auto first = ids(f);
  EXPECT_EQ(first, (Ids{6, 5, 4, 3}));
  f.before_id = first.back();
  EXPECT_EQ(ids(f), (Ids{2, 1}));
  f.before_id = 1;
  EXPECT_EQ(ids(f), Ids{});
  EXPECT_EQ(ids({.limit = 0}).size(), 1u) << "limit is clamped to at least 1";
}

CW_STORE_ENGINES(ListAudit);

}  // namespace
}  // namespace cw::audit
