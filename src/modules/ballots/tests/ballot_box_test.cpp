// The secret ballot box on both engines. With full access to the database, try every way to join a
// ballot to its voter — a voter column, times, the order rows were written (SQLite's rowid,
// PostgreSQL's ctid), the transaction that wrote them (PostgreSQL's xmin), the receipt hashes — and
// fail. And one ballot per person when the same voter's ballot arrives from several threads at once.
#include "modules/ballots/ballot_box.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "modules/testing.h"
#include "store/tests/pg_harness.h"

namespace cw::ballots {
namespace {

using store::Engine;

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);

constexpr const char* kBox = "budgeting/1";
constexpr Micros kNow = 1'800'000'000'000'000;

class BallotBox : public modules::testing::ServiceTest {
 protected:
  void SetUp() override { open({"ballots"}); }
  bool pg() const { return GetParam() == Engine::postgresql; }

  // Voters 1..n each cast the ballot "v<i>", one transaction each; returns their receipt codes.
  std::vector<std::string> cast_all(int n) {
    std::vector<std::string> receipts;
    for (int i = 1; i <= n; ++i)
      receipts.push_back(
          *write([&](store::Tx& tx) { return cast(tx, kBox, i, "v" + std::to_string(i), kNow + i); }));
    return receipts;
  }
  // The ballots' contents in the order the engine stores them.
  std::vector<std::string> stored_order() {
    return store::in_read(*db_, [&](store::Tx& tx) {
      std::vector<std::string> out;
      auto sql = pg() ? "SELECT content FROM ballots ORDER BY ctid" : "SELECT content FROM ballots";
      for (const auto& r : tx.run(sql).rows) out.push_back(r.text(0));
      return out;
    });
  }
  std::vector<std::string> columns(const std::string& table) {
    return store::in_read(*db_, [&](store::Tx& tx) {
      std::vector<std::string> out;
      auto sql = pg() ? "SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY "
                        "ordinal_position"
                      : "SELECT name FROM pragma_table_info($1)";
      for (const auto& r : tx.run(sql, table).rows) out.push_back(r.text(0));
      return out;
    });
  }
  std::string xmin_of_voter(int voter) {
    return store::in_read(*db_, [&](store::Tx& tx) {
      return tx.run("SELECT xmin::text FROM ballot_voters WHERE voter_id = $1", voter).one().text(0);
    });
  }
  std::int64_t ballots_written_by(const std::string& xmin) {
    return store::in_read(*db_, [&](store::Tx& tx) {
      return tx.run("SELECT COUNT(*) FROM ballots WHERE xmin::text = $1", xmin).one().integer(0);
    });
  }
};

TEST_P(BallotBox, nothing_in_a_ballots_row_names_or_dates_its_voter) {
  EXPECT_EQ(columns("ballots"), (std::vector<std::string>{"box", "id", "content", "receipt_hash", "decile"}));
  EXPECT_EQ(columns("ballot_voters"), (std::vector<std::string>{"box", "voter_id", "voted_at", "ward_code"}))
      << "the register holds no ballot id, content or receipt";
  auto receipts = cast_all(12);
  std::set<std::string> ids;
  store::in_read(*db_, [&](store::Tx& tx) {
    for (const auto& r : tx.run("SELECT id FROM ballots").rows) ids.insert(r.text(0));
  });
  for (const auto& id : ids) EXPECT_EQ(id.size(), 32u) << "random, not a count: " << id;
  auto hashes = store::in_read(*db_, [&](store::Tx& tx) { return receipt_hashes(tx, kBox); });
  for (int voter = 1; voter <= 12; ++voter)
    for (const auto& guess : {std::to_string(voter), "v" + std::to_string(voter)})
      EXPECT_FALSE(std::binary_search(hashes.begin(), hashes.end(), receipt_hash(guess)))
          << "a receipt hash made from what the register knows";
  EXPECT_EQ(hashes.size(), 12u);
  EXPECT_TRUE(std::binary_search(hashes.begin(), hashes.end(), receipt_hash(receipts[4])));
}

TEST_P(BallotBox, deciles_stay_with_ballots_only_in_groups_large_enough_to_hide_in) {
  // Twelve voters from decile 2, three from decile 9; wards on the register.
  std::vector<std::string> receipts;
  for (int i = 1; i <= 15; ++i)
    receipts.push_back(*write([&](store::Tx& tx) {
      return cast(tx, kBox, i, "v" + std::to_string(i), kNow, {i <= 12 ? "W2" : "W9", i <= 12 ? 2 : 9});
    }));
  EXPECT_TRUE(write([&](store::Tx& tx) { return replace(tx, kBox, receipts[0], "changed"); }));
  auto count_decile = [&](int decile) {
    int n = 0;
    for (const auto& b : store::in_read(*db_, [](store::Tx& tx) { return tagged_contents(tx, kBox); }))
      n += b.decile == decile;
    return n;
  };
  EXPECT_EQ(count_decile(2), 12) << "a changed ballot keeps its decile";
  EXPECT_EQ(count_decile(9), 3);
  write([](store::Tx& tx) { seal(tx, kBox); });
  EXPECT_EQ(count_decile(2), 12);
  EXPECT_EQ(count_decile(9), 0) << "three ballots are too few to hide among: cleared at the seal";
  EXPECT_EQ(count_decile(0), 3);
  auto wards = store::in_read(*db_, [](store::Tx& tx) { return turnout_by_ward(tx, kBox); });
  EXPECT_EQ(wards, (std::vector<std::pair<std::string, std::int64_t>>{{"W2", 12}, {"W9", 3}}));
}

TEST_P(BallotBox, the_order_rows_are_stored_in_is_not_the_order_people_voted) {
  cast_all(12);
  std::vector<std::string> voting_order;
  for (int i = 1; i <= 12; ++i) voting_order.push_back("v" + std::to_string(i));
  auto reversed = voting_order;
  std::reverse(reversed.begin(), reversed.end());
  auto before = stored_order();
  EXPECT_NE(before, voting_order);
  EXPECT_NE(before, reversed);
  if (!pg()) {
    EXPECT_THROW(store::in_read(*db_, [](store::Tx& tx) { return tx.run("SELECT rowid FROM ballots"); }),
                 store::DbError)
        << "no rowid to number ballots in the order they were cast";
  }
  write([](store::Tx& tx) { seal(tx, kBox); });
  auto sealed = stored_order();
  auto by_id = store::in_read(*db_, [](store::Tx& tx) { return contents(tx, kBox); });
  EXPECT_EQ(sealed, by_id) << "after sealing, stored in the order of fresh random ids";
  EXPECT_NE(sealed, voting_order);
  EXPECT_NE(sealed, reversed);
}

TEST_P(BallotBox, sealing_a_box_of_many_statements_worth_keeps_every_ballot_and_receipt) {
  // More ballots than one of the seal's inserts writes, so several statements share the box.
  write([](store::Tx& tx) {
    for (int i = 0; i < 1203; ++i)
      tx.run("INSERT INTO ballots (box, id, content, receipt_hash, decile) VALUES ($1, $2, $3, $4, $5)", kBox,
             fmt::format("{:020}", i), "v" + std::to_string(i), "hash" + std::to_string(i), i % 11);
  });
  auto kept = [&] {
    return store::in_read(*db_, [](store::Tx& tx) {
      std::vector<std::string> out;
      for (const auto& r :
           tx.run("SELECT content, receipt_hash, decile FROM ballots WHERE box = $1", kBox).rows)
        out.push_back(r.text(0) + "/" + r.text(1) + "/" + std::to_string(r.integer(2)));
      std::sort(out.begin(), out.end());
      return out;
    });
  };
  auto before = kept();
  write([](store::Tx& tx) { seal(tx, kBox); });
  EXPECT_EQ(kept(), before);
  EXPECT_EQ(
      store::in_read(*db_,
                     [](store::Tx& tx) {
                       return tx.run("SELECT COUNT(*) FROM ballots WHERE box = $1 AND LENGTH(id) <> 32", kBox)
                           .one()
                           .integer(0);
                     }),
      0)
      << "every ballot has a new random id";
}

// SQLite keeps no transaction id in rows, so this one runs on PostgreSQL only (instantiated below).
class BallotBoxOnPostgres : public BallotBox {};

TEST_P(BallotBoxOnPostgres, the_writing_transaction_points_at_many_ballots_then_at_none) {
  cast_all(20);
  // The last voter's transaction wrote their ballot and gave 8 others new ids: 9 candidates.
  EXPECT_EQ(ballots_written_by(xmin_of_voter(20)), 9);
  write([](store::Tx& tx) { seal(tx, kBox); });
  for (int voter = 1; voter <= 20; ++voter) EXPECT_EQ(ballots_written_by(xmin_of_voter(voter)), 0);
  auto distinct = store::in_read(*db_, [](store::Tx& tx) {
    return tx.run("SELECT COUNT(DISTINCT xmin::text) FROM ballots").one().integer(0);
  });
  EXPECT_EQ(distinct, 1) << "every ballot rewritten by the seal's one transaction";
}

TEST_P(BallotBox, one_ballot_per_person_when_their_ballot_arrives_from_several_threads_at_once) {
  std::atomic<int> cast_ok{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      auto receipt =
          write([&](store::Tx& tx) { return cast(tx, kBox, 42, "choice " + std::to_string(t), kNow); });
      (receipt ? cast_ok : refused)++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(cast_ok.load(), 1);
  EXPECT_EQ(refused.load(), 7);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballot_voters"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballots"), 1);
}

TEST_P(BallotBox, many_voters_at_once_each_get_one_ballot_and_nobody_waits_on_a_deadlock) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  std::mutex said_mutex;
  std::string said;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 15; ++i) try {
          write([&](store::Tx& tx) { return cast(tx, kBox, t * 100 + i, "x", kNow); });
        } catch (const std::exception& e) {
          ++failures;
          std::lock_guard lock(said_mutex);
          said = e.what();
        }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0) << said;
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballots"), 60);
}

TEST_P(BallotBox, a_ballot_is_replaced_by_its_receipt_code_and_the_code_stays_valid) {
  auto receipts = cast_all(3);
  auto typed = receipts[1];
  std::transform(typed.begin(), typed.end(), typed.begin(), [](char c) { return std::tolower(c); });
  std::replace(typed.begin(), typed.end(), '-', ' ');
  EXPECT_TRUE(write([&](store::Tx& tx) { return replace(tx, kBox, typed, "changed"); }))
      << "lower case and spaces read as the code";
  EXPECT_FALSE(write([&](store::Tx& tx) { return replace(tx, kBox, "AAAA-BBBB-CCCC-DDDD", "forged"); }));
  auto all = store::in_read(*db_, [](store::Tx& tx) { return contents(tx, kBox); });
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<std::string>{"changed", "v1", "v3"}));
  EXPECT_TRUE(write([&](store::Tx& tx) { return replace(tx, kBox, receipts[1], "again"); }));
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballot_voters"), 3) << "changing writes nothing about the voter";
}

TEST_P(BallotBox, forgetting_a_voter_keeps_their_anonymous_ballot_counted) {
  cast_all(2);
  write([](store::Tx& tx) { forget_voter(tx, 1, "budgeting/"); });
  auto voted = store::in_read(*db_, [](store::Tx& tx) { return boxes_voted_in(tx, 1, "budgeting/"); });
  EXPECT_TRUE(voted.empty());
  EXPECT_EQ(store::in_read(*db_, [](store::Tx& tx) { return turnout(tx, kBox); }), 2);
  EXPECT_EQ(store::in_read(*db_, [](store::Tx& tx) { return boxes_voted_in(tx, 2, "budgeting/"); }).size(),
            1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, BallotBox, ::testing::Values(Engine::sqlite, Engine::postgresql),
                         [](const auto& info) {
                           return info.param == Engine::sqlite ? "sqlite" : "postgresql";
                         });
INSTANTIATE_TEST_SUITE_P(Engines, BallotBoxOnPostgres, ::testing::Values(Engine::postgresql),
                         [](const auto&) { return "postgresql"; });

}  // namespace
}  // namespace cw::ballots
