// Group commit on both engines: commands from many threads share transactions and all commit, a command
// that throws fails alone while the rest of its batch still commits, and nothing is acknowledged before
// it is durable (a fresh connection sees every acknowledged row).
#include <atomic>
#include <functional>
#include <stdexcept>
#include <thread>

#include "store/group_commit.h"
#include "store/tests/fixture.h"

namespace cw::store::testing {
namespace {

// Runs `body(t)` on `n` threads at once, t = 0 … n-1, and waits for them all.
void on_threads(int n, const std::function<void(int)>& body) {
  std::vector<std::thread> threads;
  for (int t = 0; t < n; ++t) threads.emplace_back(body, t);
  for (auto& th : threads) th.join();
}

class GroupCommitTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    in_write(*db_, [](Tx& tx) { tx.exec_script("CREATE TABLE items (n BIGINT PRIMARY KEY)"); });
  }
};
CW_STORE_ENGINES(GroupCommitTest);

TEST_P(GroupCommitTest, commands_from_many_threads_share_commits_and_all_land) {
  GroupCommit group;
  constexpr int kThreads = 8, kEach = 40;
  std::atomic<int> acknowledged{0};
  on_threads(kThreads, [&](int t) {
    for (int i = 0; i < kEach; ++i) {
      group.run(*db_, [&](Tx& tx) { tx.run("INSERT INTO items (n) VALUES ($1)", t * 1000 + i); });
      ++acknowledged;
    }
  });
  EXPECT_EQ(acknowledged.load(), kThreads * kEach);
  auto other = reopen(1);
  EXPECT_EQ(in_read(*other, [](Tx& tx) { return tx.exec("SELECT COUNT(*) FROM items").one().integer(0); }),
            kThreads * kEach);
  auto s = group.stats();
  EXPECT_EQ(s.commands, kThreads * kEach);
  EXPECT_LE(s.commits, s.commands);
}

TEST_P(GroupCommitTest, a_failing_command_fails_alone_and_the_rest_of_its_batch_commits) {
  GroupCommit group;
  std::atomic<int> failures{0};
  on_threads(6, [&](int t) {
    for (int i = 0; i < 20; ++i) {
      try {
        group.run(*db_, [&](Tx& tx) {
          tx.run("INSERT INTO items (n) VALUES ($1)", t * 100 + i);
          if (i % 7 == 3) throw std::runtime_error("refused");
        });
      } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "refused");
        ++failures;
      }
    }
  });
  EXPECT_EQ(failures.load(), 6 * 3);
  EXPECT_EQ(count("items"), 6 * 20 - 6 * 3);
  EXPECT_EQ(
      in_read(*db_,
              [](Tx& tx) {
                return tx.exec("SELECT COUNT(*) FROM items WHERE n % 100 IN (3, 10, 17)").one().integer(0);
              }),
      0);
}

TEST_P(GroupCommitTest, commands_that_name_their_first_statements_each_get_their_own_results) {
  GroupCommit group;
  constexpr int kThreads = 8, kEach = 30;
  std::atomic<int> mismatches{0};
  on_threads(kThreads, [&](int t) {
    for (int i = 0; i < kEach; ++i) {
      int n = t * 1000 + i;
      GroupCommit::Command command{
          {Statement::of("INSERT INTO items (n) VALUES ($1) RETURNING n", n),
           Statement::of("SELECT COUNT(*) FROM items WHERE n = $1", n)},
          [&, n](Tx& tx, std::vector<Result>& first) {
            if (first.size() != 2 || first[0].one().integer(0) != n || first[1].one().integer(0) != 1)
              ++mismatches;
            tx.run("INSERT INTO items (n) VALUES ($1)", n + 500'000);  // `then` writes in the same batch
          }};
      group.run(*db_, command);
    }
  });
  EXPECT_EQ(mismatches.load(), 0);
  auto other = reopen(1);
  EXPECT_EQ(in_read(*other, [](Tx& tx) { return tx.exec("SELECT COUNT(*) FROM items").one().integer(0); }),
            2 * kThreads * kEach);
  EXPECT_LE(group.stats().commits, group.stats().commands);
}

TEST_P(GroupCommitTest, a_command_whose_first_statement_fails_fails_alone) {
  in_write(*db_, [](Tx& tx) { tx.run("INSERT INTO items (n) VALUES (7)"); });
  GroupCommit group;
  std::atomic<int> failures{0}, thens{0};
  on_threads(6, [&](int t) {
    for (int i = 0; i < 10; ++i) {
      int n = i == 4 ? 7 : 100 + t * 10 + i;  // 7 is taken: the primary key refuses it
      GroupCommit::Command command{{Statement::of("INSERT INTO items (n) VALUES ($1)", n)},
                                   [&](Tx&, std::vector<Result>&) { ++thens; }};
      try {
        group.run(*db_, command);
      } catch (const DbError& e) {
        EXPECT_TRUE(e.constraint_violation()) << e.what();
        ++failures;
      }
    }
  });
  EXPECT_EQ(failures.load(), 6);
  EXPECT_EQ(count("items"), 1 + 6 * 9);
  EXPECT_GE(thens.load(), 6 * 9);  // a batch rerun one by one runs its good commands' `then` again
}

TEST_P(GroupCommitTest, run_in_runs_a_command_in_the_callers_transaction) {
  GroupCommit::Command command{{Statement::of("INSERT INTO items (n) VALUES ($1) RETURNING n", 3)},
                               [](Tx& tx, std::vector<Result>& first) {
                                 tx.run("INSERT INTO items (n) VALUES ($1)", first[0].one().integer(0) + 1);
                               }};
  {
    auto tx = db_->write();
    GroupCommit::run_in(tx, command);
  }  // rolled back with the caller's transaction
  EXPECT_EQ(count("items"), 0);
  in_write(*db_, [&](Tx& tx) { GroupCommit::run_in(tx, command); });
  EXPECT_EQ(count("items"), 2);
}

}  // namespace
}  // namespace cw::store::testing
