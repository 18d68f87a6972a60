// Transactions, parameters, types and errors, on both engines.
#include <limits>

#include "store/tests/fixture.h"

namespace cw::store::testing {
namespace {

// Start the shared PostgreSQL before the first test and stop it after the last.
[[maybe_unused]] auto* const g_env = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

class DbTest : public StoreTest {};
CW_STORE_ENGINES(DbTest);

TEST_P(DbTest, OpensAndReportsItsEngine) {
  EXPECT_EQ(db_->engine(), GetParam());
  auto r = in_read(*db_, [](Tx& tx) { return tx.exec("SELECT 1 AS one"); });
  EXPECT_EQ(r.one().integer("one"), 1);
}

}  // namespace
}  // namespace cw::store::testing
