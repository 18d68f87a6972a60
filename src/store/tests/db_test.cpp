// Transactions, parameters, types and errors, on both engines.
#include <filesystem>
#include <limits>

#include "store/tests/fixture.h"

namespace cw::store::testing {
namespace {

// Start the shared PostgreSQL before the first test and stop it after the last.
[[maybe_unused]] auto* const g_env = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

class DbTest : public StoreTest {
 protected:
  void make_people() {
    in_write(*db_, [&](Tx& tx) {
      tx.exec_script("CREATE TABLE people (" + id_column() +
                     ", email TEXT NOT NULL UNIQUE, age BIGINT CHECK (age >= 0));"
                     "CREATE TABLE signatures (person_id BIGINT NOT NULL REFERENCES people (id), note TEXT)");
    });
  }
};
CW_STORE_ENGINES(DbTest);

TEST_P(DbTest, OpensAndReportsItsEngine) {
  EXPECT_EQ(db_->engine(), GetParam());
  auto r = in_read(*db_, [](Tx& tx) { return tx.exec("SELECT 1 AS one"); });
  EXPECT_EQ(r.one().integer("one"), 1);
  EXPECT_EQ(db_->read().engine(), GetParam());
}

TEST_P(DbTest, ValuesRoundTripExactly) {
  const std::int64_t lo = std::numeric_limits<std::int64_t>::min(),
                     hi = std::numeric_limits<std::int64_t>::max();
  const std::string utf8 = "Zoë — 日本語 🚀 \"quoted\" 'single' \\ back";
  in_write(*db_, [&](Tx& tx) {
    tx.exec("CREATE TABLE v (k BIGINT PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, s TEXT)");
    tx.run("INSERT INTO v (k, i, d, s) VALUES ($1, $2, $3, $4)", 1, lo, 0.1, utf8);
    tx.run("INSERT INTO v (k, i, d, s) VALUES ($1, $2, $3, $4)", 2, hi, -1.5e300, "");
    tx.run("INSERT INTO v (k, i, d, s) VALUES ($1, $2, $3, $4)", 3, nullptr, std::optional<double>{},
           std::optional<std::string>{});
    tx.run("INSERT INTO v (k, i, d, s) VALUES ($1, $2, $3, $4)", 4, true, 1.0 / 3.0, "x");
  });
  auto r = in_read(*db_, [](Tx& tx) { return tx.exec("SELECT k, i, d, s FROM v ORDER BY k"); });
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[0].integer(1), lo);
  EXPECT_EQ(r.rows[0].real(2), 0.1);
  EXPECT_EQ(r.rows[0].text(3), utf8);
  EXPECT_EQ(r.rows[1].integer("i"), hi);
  EXPECT_EQ(r.rows[1].real(2), -1.5e300);
  EXPECT_EQ(r.rows[1].text("s"), "");
  EXPECT_FALSE(r.rows[1].is_null(3));
  for (std::size_t c = 1; c < 4; ++c) EXPECT_TRUE(r.rows[2].is_null(c)) << c;
  EXPECT_EQ(r.rows[2].opt_integer(1), std::nullopt);
  EXPECT_EQ(r.rows[2].opt_text(3), std::nullopt);
  EXPECT_EQ(r.rows[3].integer(1), 1);
  EXPECT_TRUE(r.rows[3].boolean(1));
  EXPECT_EQ(r.rows[3].real(2), 1.0 / 3.0);
  EXPECT_EQ(r.rows[0].opt_integer(0), 1);
}

TEST_P(DbTest, CellsHaveTheSameTypesOnBothEngines) {
  auto r = in_read(*db_, [](Tx& tx) {
    return tx.exec(
        "SELECT CAST(42 AS BIGINT) AS i, CAST(2.5 AS DOUBLE PRECISION) AS d, 'hi' AS s, 1 = 1 AS b");
  });
  const Row& row = r.one();
  EXPECT_EQ(row.cell(0), Value{std::int64_t{42}});
  EXPECT_EQ(row.cell(1), Value{2.5});
  EXPECT_EQ(row.cell(2), Value{std::string("hi")});
  EXPECT_EQ(row.cell(3), Value{std::int64_t{1}});  // booleans are integers 0/1
  EXPECT_TRUE(row.boolean(3));
  EXPECT_EQ(row.text(0), "42");
  EXPECT_EQ(row.real(0), 42.0);
}

TEST_P(DbTest, GettersRefuseLossyOrMissingValues) {
  auto r = in_read(*db_, [](Tx& tx) { return tx.exec("SELECT 'abc' AS s, NULL AS n, 7 AS i"); });
  const Row& row = r.one();
  EXPECT_THROW(row.integer(0), DbError);
  EXPECT_THROW(row.integer(1), DbError);
  EXPECT_THROW(row.text(1), DbError);
  EXPECT_THROW(row.cell(3), std::out_of_range);
  EXPECT_THROW(row.index("nope"), std::out_of_range);
  EXPECT_EQ(row.index("i"), 2u);
}

TEST_P(DbTest, OneThrowsUnlessExactlyOneRow) {
  in_write(*db_, [](Tx& tx) {
    tx.exec_script("CREATE TABLE t (x BIGINT); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)");
  });
  auto tx = db_->read();
  EXPECT_THROW(tx.exec("SELECT x FROM t").one(), DbError);
  EXPECT_THROW(tx.exec("SELECT x FROM t WHERE x > 5").one(), DbError);
  EXPECT_EQ(tx.exec("SELECT x FROM t WHERE x = 2").one().integer(0), 2);
}

TEST_P(DbTest, PlaceholdersCanRepeatAndComeOutOfOrder) {
  in_write(*db_, [](Tx& tx) {
    tx.exec("CREATE TABLE pair (a TEXT, b BIGINT)");
    tx.run("INSERT INTO pair (b, a) VALUES ($2, $1)", "x", 7);
    tx.run("INSERT INTO pair (a, b) VALUES ($1, $2)", "y", 8);
  });
  auto r = in_read(*db_, [](Tx& tx) {
    return tx.run("SELECT a FROM pair WHERE b = $2 AND (a = $1 OR b = $2 + 100) ORDER BY a", "x", 7);
  });
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].text(0), "x");
  // The same statement again, from the per-connection cache, with other values.
  auto again = in_read(*db_, [](Tx& tx) {
    return tx.run("SELECT a FROM pair WHERE b = $2 AND (a = $1 OR b = $2 + 100) ORDER BY a", "y", 8);
  });
  EXPECT_EQ(again.one().text(0), "y");
}

TEST_P(DbTest, WrongNumberOfParametersIsAnError) {
  auto tx = db_->read();
  EXPECT_THROW(tx.run("SELECT CAST($1 AS BIGINT) + CAST($2 AS BIGINT)", 1), DbError);
  auto tx2 = db_->read();
  EXPECT_THROW(tx2.run("SELECT CAST($1 AS BIGINT)", 1, 2), DbError);
}

TEST_P(DbTest, DestroyingATxWithoutCommitRollsBack) {
  make_people();
  {
    auto tx = db_->write();
    tx.run("INSERT INTO people (email) VALUES ($1)", "a@example.org");
  }
  EXPECT_EQ(count("people"), 0);
  EXPECT_THROW(in_write(*db_,
                        [](Tx& tx) {
                          tx.run("INSERT INTO people (email) VALUES ($1)", "b@example.org");
                          throw std::runtime_error("handler failed");
                        }),
               std::runtime_error);
  EXPECT_EQ(count("people"), 0);
}

TEST_P(DbTest, CommitMakesWritesVisibleAndReleasesTheConnection) {
  make_people();
  auto tx = db_->write();
  tx.run("INSERT INTO people (email, age) VALUES ($1, $2)", "a@example.org", 30);
  tx.commit();
  EXPECT_EQ(db_->pool_stats().in_use, 0);
  EXPECT_THROW(tx.exec("SELECT 1"), DbError);
  EXPECT_THROW(tx.commit(), DbError);
  EXPECT_EQ(count("people"), 1);
}

TEST_P(DbTest, MovedTxKeepsItsTransaction) {
  make_people();
  auto first = db_->write();
  first.run("INSERT INTO people (email) VALUES ($1)", "a@example.org");
  Tx second(std::move(first));
  second.commit();
  EXPECT_EQ(count("people"), 1);
}

TEST_P(DbTest, ConstraintViolationsAreReportedAsConstraints) {
  make_people();
  in_write(*db_, [](Tx& tx) { tx.run("INSERT INTO people (email) VALUES ($1)", "a@example.org"); });
  auto expect_constraint = [&](const std::string& sql, const std::vector<Value>& params) {
    try {
      in_write(*db_, [&](Tx& tx) { tx.exec(sql, params); });
      ADD_FAILURE() << "no error for " << sql;
    } catch (const DbError& e) {
      EXPECT_TRUE(e.constraint_violation()) << sql << ": " << e.what();
    }
  };
  expect_constraint("INSERT INTO people (email) VALUES ($1)", {std::string("a@example.org")});  // unique
  expect_constraint("INSERT INTO people (email) VALUES ($1)", {nullptr});                       // not null
  expect_constraint("INSERT INTO people (email, age) VALUES ($1, $2)",
                    {std::string("b@example.org"), std::int64_t{-1}});                       // check
  expect_constraint("INSERT INTO signatures (person_id) VALUES ($1)", {std::int64_t{999}});  // foreign key
}

TEST_P(DbTest, OtherErrorsAreNotConstraints) {
  auto tx = db_->read();
  try {
    tx.exec("SELEC nonsense");
    ADD_FAILURE();
  } catch (const DbError& e) {
    EXPECT_FALSE(e.constraint_violation());
    EXPECT_NE(std::string(e.what()).find("SELEC nonsense"), std::string::npos) << e.what();
  }
}

TEST_P(DbTest, UniqueViolationLeavesNothingWritten) {
  make_people();
  in_write(*db_, [](Tx& tx) { tx.run("INSERT INTO people (email) VALUES ($1)", "taken@example.org"); });
  EXPECT_THROW(in_write(*db_,
                        [](Tx& tx) {
                          tx.run("INSERT INTO people (email) VALUES ($1)", "new@example.org");
                          tx.run("INSERT INTO people (email) VALUES ($1)", "taken@example.org");
                        }),
               DbError);
  EXPECT_EQ(count("people"), 1);
}

TEST_P(DbTest, TxAfterAFailedStatementRefusesToGoOn) {
  make_people();
  auto tx = db_->write();
  tx.run("INSERT INTO people (email) VALUES ($1)", "a@example.org");
  EXPECT_THROW(tx.run("INSERT INTO people (email) VALUES ($1)", "a@example.org"), DbError);
  EXPECT_THROW(tx.exec("SELECT 1"), DbError);
  EXPECT_THROW(tx.commit(), DbError);
}

TEST_P(DbTest, InsertReturningGivesTheNewId) {
  make_people();
  auto ids = in_write(*db_, [](Tx& tx) {
    auto a =
        tx.run("INSERT INTO people (email) VALUES ($1) RETURNING id", "a@example.org").one().integer("id");
    auto b = tx.run("INSERT INTO people (email) VALUES ($1) RETURNING id", "b@example.org").one().integer(0);
    return std::pair{a, b};
  });
  EXPECT_GT(ids.first, 0);
  EXPECT_EQ(ids.second, ids.first + 1);
  // An explicit id is also accepted (imports), and later generated ids on PostgreSQL may then collide, so
  // the convention is: either always generate or always supply ids per table.
  auto r = in_write(*db_, [](Tx& tx) {
    return tx.run("INSERT INTO people (id, email) VALUES ($1, $2) RETURNING id", 100, "c@example.org");
  });
  EXPECT_EQ(r.one().integer(0), 100);
  EXPECT_EQ(r.affected, 1);
}

TEST_P(DbTest, OnConflictDoNothingSkipsDuplicates) {
  make_people();
  auto insert = [&](const char* email) {
    return in_write(*db_, [&](Tx& tx) {
      return tx.run("INSERT INTO people (email) VALUES ($1) ON CONFLICT (email) DO NOTHING RETURNING id",
                    email);
    });
  };
  auto first = insert("a@example.org");
  EXPECT_EQ(first.rows.size(), 1u);
  EXPECT_EQ(first.affected, 1);
  auto second = insert("a@example.org");
  EXPECT_TRUE(second.empty());
  EXPECT_EQ(second.affected, 0);
  auto plain = in_write(*db_, [](Tx& tx) {
    return tx.run("INSERT INTO people (email) VALUES ($1) ON CONFLICT DO NOTHING", "a@example.org");
  });
  EXPECT_EQ(plain.affected, 0);
  EXPECT_EQ(count("people"), 1);
}

TEST_P(DbTest, AffectedCountsChangedRowsOnly) {
  make_people();
  auto r = in_write(*db_, [](Tx& tx) {
    for (const char* e : {"a@x.org", "b@x.org", "c@x.org"})
      tx.run("INSERT INTO people (email) VALUES ($1)", e);
    auto updated = tx.run("UPDATE people SET age = $1 WHERE email <> $2", 5, "a@x.org");
    EXPECT_EQ(tx.exec("SELECT * FROM people").affected, 0);
    EXPECT_EQ(tx.run("DELETE FROM people WHERE email = $1", "nobody").affected, 0);
    return updated;
  });
  EXPECT_EQ(r.affected, 2);
}

TEST_P(DbTest, ReadTxRefusesToWrite) {
  make_people();
  auto tx = db_->read();
  EXPECT_THROW(tx.run("INSERT INTO people (email) VALUES ($1)", "a@example.org"), DbError);
}

TEST_P(DbTest, ExecRunsOneStatementAndExecScriptMany) {
  {
    auto tx = db_->write();
    EXPECT_THROW(tx.exec("CREATE TABLE a (x BIGINT); CREATE TABLE b (x BIGINT)"), DbError);
  }
  auto tx2 = db_->write();
  tx2.exec_script(
      "CREATE TABLE a (x BIGINT); CREATE TABLE b (x BIGINT);\n-- a comment\nINSERT INTO a VALUES (1);");
  tx2.commit();
  EXPECT_EQ(count("a"), 1);
  EXPECT_EQ(count("b"), 0);
}

TEST_P(DbTest, UnreachableDatabaseNamesTheUrl) {
  std::string url = GetParam() == Engine::sqlite ? "sqlite:/proc/cw-no-such/x.sqlite"
                                                 : "postgresql://nobody:s3cret@127.0.0.1:1/nothing";
  try {
    Db::open(url);
    ADD_FAILURE() << "opened " << url;
  } catch (const DbError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find(GetParam() == Engine::sqlite ? "/proc/cw-no-such/x.sqlite" : "127.0.0.1:1"),
              std::string::npos)
        << msg;
    EXPECT_EQ(msg.find("s3cret"), std::string::npos) << "password leaked: " << msg;
  }
}

TEST(DbOpen, UnknownSchemeIsRefusedWithTheUrl) {
  try {
    Db::open("mysql://root:pw@localhost/db");
    FAIL();
  } catch (const DbError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("mysql://root:***@localhost/db"), std::string::npos) << msg;
    EXPECT_NE(msg.find("sqlite:<path>"), std::string::npos) << msg;
  }
}

TEST(DbOpen, InMemoryAndEmptySqliteAreRefused) {
  EXPECT_THROW(Db::open("sqlite::memory:"), DbError);
  EXPECT_THROW(Db::open("sqlite:"), DbError);
  EXPECT_THROW(Db::open("sqlite:x.db", 0), DbError);
}

TEST(DbOpen, SqliteCreatesMissingParentDirectories) {
  TempSqlite tmp;
  std::string path = tmp.path() + ".d/nested/deeper/db.sqlite";
  {
    auto db = Db::open("sqlite:" + path);
    in_write(*db, [](Tx& tx) { tx.exec("CREATE TABLE t (x BIGINT)"); });
    auto mode = in_read(*db, [](Tx& tx) { return tx.exec("PRAGMA journal_mode").one().text(0); });
    EXPECT_EQ(mode, "wal");
    auto fk = in_read(*db, [](Tx& tx) { return tx.exec("PRAGMA foreign_keys").one().integer(0); });
    EXPECT_EQ(fk, 1);
    auto zeroed = in_write(*db, [](Tx& tx) { return tx.exec("PRAGMA secure_delete").one().integer(0); });
    EXPECT_EQ(zeroed, 1) << "deleted rows are overwritten";
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  std::filesystem::remove_all(tmp.path() + ".d");
}

}  // namespace
}  // namespace cw::store::testing
