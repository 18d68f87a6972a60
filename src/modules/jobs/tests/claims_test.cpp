// Job claims on PostgreSQL, as several app servers make them on one database: one holder at a time,
// one run per period by the database's clock, and a run whose server died (its claim dropped without
// being released) leaves no record, so the next server runs the job.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>

#include "modules/jobs/claims.h"
#include "modules/testing.h"

namespace cw::jobs {
namespace {

using namespace std::chrono_literals;

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);

class JobClaims : public ::testing::Test {
 protected:
  void SetUp() override { db_ = modules::testing::migrated_db(store::Engine::postgresql, sqlite_, {"jobs"}); }
  std::optional<JobRun> last(const std::string& job) {
    return store::in_read(*db_, [&](store::Tx& tx) { return last_run(tx, job); });
  }

  store::testing::TempSqlite sqlite_;
  std::unique_ptr<store::Db> db_;
};

TEST_F(JobClaims, a_job_held_by_one_server_is_not_claimed_by_another_until_it_is_recorded) {
  auto first = claim_run(*db_, "petitions.tally", 2s, "app1 pid 1");
  ASSERT_TRUE(first);
  EXPECT_FALSE(claim_run(*db_, "petitions.tally", 2s, "app2 pid 2")) << "held";
  EXPECT_TRUE(claim_run(*db_, "mail.deliver", 2s, "app2 pid 2")) << "another job is free";
  EXPECT_FALSE(last("petitions.tally")) << "recorded only when the run finishes";
  first->release();
  auto run = last("petitions.tally");
  ASSERT_TRUE(run);
  EXPECT_EQ(run->server, "app1 pid 1");
  EXPECT_EQ(run->runs, 1);
}

TEST_F(JobClaims, a_job_run_within_its_period_by_any_server_is_not_run_again) {
  claim_run(*db_, "petitions.close", 1min, "app1 pid 1")->release();
  EXPECT_FALSE(claim_run(*db_, "petitions.close", 1min, "app2 pid 2"));
  EXPECT_FALSE(claim_run(*db_, "petitions.close", 1min, "app1 pid 1"));
  // A period already over (here none at all) lets the next server run it, and counts the run.
  auto again = claim_run(*db_, "petitions.close", 0ms, "app3 pid 3");
  ASSERT_TRUE(again);
  again->release();
  EXPECT_EQ(last("petitions.close")->runs, 2);
  EXPECT_EQ(last("petitions.close")->server, "app3 pid 3");
}

TEST_F(JobClaims, a_run_whose_server_died_leaves_no_record_and_the_next_server_runs_the_job) {
  claim_run(*db_, "alerts.digest", 5min, "app1 pid 1")->release();
  {
    auto dying = claim_run(*db_, "alerts.digest", 0ms, "app2 pid 2");
    ASSERT_TRUE(dying);
  }  // dropped unreleased: its transaction rolls back, as a dead server's connection does
  auto run = last("alerts.digest");
  EXPECT_EQ(run->server, "app1 pid 1");
  EXPECT_EQ(run->runs, 1);
  EXPECT_TRUE(claim_run(*db_, "alerts.digest", 0ms, "app3 pid 3")) << "the lock went with it";
}

TEST_F(JobClaims, this_server_is_named_by_host_and_pid) {
  EXPECT_TRUE(this_server().ends_with(" pid " + std::to_string(::getpid()))) << this_server();
}

}  // namespace
}  // namespace cw::jobs
