// Statements sent together (Tx::exec_all) and a transaction's BEGIN held back until its first
// statement, on both engines: results come back in order, a failure fails the call and the transaction
// as one statement would, and a transaction keeps its kind (read-only, one snapshot) however it starts.
#include "store/tests/fixture.h"

namespace cw::store::testing {
namespace {

[[maybe_unused]] auto* const g_env = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

class ExecAllTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    in_write(*db_, [&](Tx& tx) {
      tx.exec_script("CREATE TABLE notes (" + id_column() + ", body TEXT NOT NULL UNIQUE, stars BIGINT)");
    });
  }
  static std::vector<const Statement*> all(const std::vector<Statement>& statements) {
    std::vector<const Statement*> out;
    for (const auto& s : statements) out.push_back(&s);
    return out;
  }
};
CW_STORE_ENGINES(ExecAllTest);

TEST_P(ExecAllTest, each_statement_gets_its_own_result_in_order) {
  std::vector<Statement> statements{
      Statement::of("INSERT INTO notes (body, stars) VALUES ($1, $2) RETURNING id", "first", 1),
      Statement::of("INSERT INTO notes (body, stars) VALUES ($1, $2) RETURNING id", "second", nullptr),
      Statement::of("UPDATE notes SET stars = $1 WHERE stars IS NULL OR stars < $1", 5),
      Statement::of("SELECT body, stars FROM notes WHERE body = $1", "second")};
  auto tx = db_->write();
  auto results = tx.exec_all(all(statements));
  ASSERT_EQ(results.size(), 4u);
  auto first = results[0].one().integer(0), second = results[1].one().integer(0);
  EXPECT_LT(first, second);
  EXPECT_EQ(results[2].affected, 2);
  EXPECT_EQ(results[3].one().text(0), "second");
  EXPECT_EQ(results[3].one().integer(1), 5);
  tx.commit();
  EXPECT_EQ(count("notes"), 2);
}

TEST_P(ExecAllTest, a_failing_statement_fails_the_call_and_the_transaction_and_the_rest_never_runs) {
  std::vector<Statement> statements{Statement::of("INSERT INTO notes (body) VALUES ($1)", "a"),
                                    Statement::of("INSERT INTO notes (body) VALUES ($1)", "a"),
                                    Statement::of("INSERT INTO notes (body) VALUES ($1)", "b")};
  {
    auto tx = db_->write();
    try {
      tx.exec_all(all(statements));
      ADD_FAILURE() << "a duplicate went in";
    } catch (const DbError& e) {
      EXPECT_TRUE(e.constraint_violation()) << e.what();
    }
    EXPECT_THROW(tx.exec("SELECT 1"), DbError);
    EXPECT_THROW(tx.commit(), DbError);
  }
  EXPECT_EQ(count("notes"), 0);
  // The connection goes on serving transactions afterwards.
  in_write(*db_, [&](Tx& tx) { tx.exec_all(all({statements[2]})); });
  EXPECT_EQ(count("notes"), 1);
}

TEST_P(ExecAllTest, statements_sent_after_others_join_the_same_transaction) {
  {
    auto tx = db_->write();
    tx.run("INSERT INTO notes (body) VALUES ($1)", "kept only if committed");
    std::vector<Statement> statements{Statement::of("SELECT COUNT(*) FROM notes")};
    EXPECT_EQ(tx.exec_all(all(statements))[0].one().integer(0), 1);
  }  // rolled back
  EXPECT_EQ(count("notes"), 0);
  EXPECT_TRUE(in_write(*db_, [](Tx& tx) { return tx.exec_all({}); }).empty());
}

TEST_P(ExecAllTest, a_transaction_that_runs_nothing_ends_cleanly_and_leaves_the_connection_usable) {
  db_->write().commit();
  { auto unused = db_->write(); }
  { auto unused = db_->read(); }
  in_write(*db_, [](Tx& tx) { tx.run("INSERT INTO notes (body) VALUES ($1)", "after"); });
  EXPECT_EQ(count("notes"), 1);
  EXPECT_EQ(db_->pool_stats().in_use, 0);
}

TEST_P(ExecAllTest, a_read_transaction_stays_read_only_and_keeps_its_snapshot_when_it_starts_with_several) {
  std::vector<Statement> reads{Statement::of("SELECT COUNT(*) FROM notes"), Statement::of("SELECT 1")};
  auto reader = db_->read();
  EXPECT_EQ(reader.exec_all(all(reads))[0].one().integer(0), 0);
  in_write(*db_, [](Tx& tx) { tx.run("INSERT INTO notes (body) VALUES ($1)", "later"); });
  EXPECT_EQ(reader.run("SELECT COUNT(*) FROM notes").one().integer(0), 0);
  auto writer_statements = std::vector<Statement>{Statement::of("INSERT INTO notes (body) VALUES ('no')")};
  auto second_reader = db_->read();
  EXPECT_THROW(second_reader.exec_all(all(writer_statements)), DbError);
}

}  // namespace
}  // namespace cw::store::testing
