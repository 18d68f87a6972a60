// The store test fixture: every test runs once on SQLite and once on the shared test PostgreSQL, each time
// on a fresh, empty database. Thread-safety: as for gtest fixtures (one test at a time).
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/db.h"
#include "store/tests/pg_harness.h"

namespace cw::store::testing {

class StoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == Engine::sqlite) {
      sqlite_ = std::make_unique<TempSqlite>();
      url_ = sqlite_->url();
    } else {
      url_ = TempPostgres::shared().fresh_database_url();
    }
    db_ = Db::open(url_, 4);
  }
  void TearDown() override { db_.reset(); }

  // A fresh Db on the same database, e.g. for a second "process".
  std::unique_ptr<Db> reopen(int pool = 4) const { return Db::open(url_, pool); }

  std::unique_ptr<TempSqlite> sqlite_;
  std::string url_;
  std::unique_ptr<Db> db_;
};

inline std::string engine_name(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::sqlite ? "sqlite" : "postgresql";
}

#define CW_STORE_ENGINES(Suite)                                                                             \
  INSTANTIATE_TEST_SUITE_P(Engines, Suite,                                                                  \
                           ::testing::Values(::cw::store::Engine::sqlite, ::cw::store::Engine::postgresql), \
                           ::cw::store::testing::engine_name)

}  // namespace cw::store::testing
