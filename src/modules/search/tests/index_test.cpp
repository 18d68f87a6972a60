// The search index against both real engines: adding, replacing and removing documents keeps the
// full-text index, wards and topics in step.
#include <gtest/gtest.h>

#include "modules/search/index.h"
#include "modules/testing.h"
#include "store/tests/pg_harness.h"

namespace cw::search {
namespace {

using store::Engine;

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);

class SearchIndex : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override { db_ = modules::testing::migrated_db(GetParam(), sqlite_, {"places", "search"}); }
  std::int64_t count(const std::string& sql) {
    return store::in_read(*db_, [&](store::Tx& tx) { return tx.run(sql).one().integer(0); });
  }
  // How many documents the engine's own full-text index finds for one word.
  std::int64_t matches(const std::string& word) {
    return store::in_read(*db_, [&](store::Tx& tx) {
      if (tx.engine() == Engine::sqlite)
        return tx.run("SELECT count(*) FROM search_fts WHERE search_fts MATCH $1", word).one().integer(0);
      return tx
          .run("SELECT count(*) FROM search_documents WHERE search_vector @@ plainto_tsquery('english', $1)",
               word)
          .one()
          .integer(0);
    });
  }
  store::testing::TempSqlite sqlite_;
  std::unique_ptr<store::Db> db_;
};

SearchDocument library() {
  return {.kind = "asset",
          .ref = "7",
          .locality_id = 1,
          .title = "Central Library",
          .summary = "Books, computers and a cafe",
          .body = "Story time for toddlers every Tuesday",
          .url = "/assets/7",
          .status = "published",
          .status_label = "Open",
          .ward_codes = {"E05000001", "E05000001"},
          .topics = {"culture", "not-a-topic"},
          .lat = 51.36,
          .lon = -0.19,
          .published_at = 1000};
}

TEST_P(SearchIndex, a_document_is_indexed_replaced_and_removed) {
  store::in_write(*db_, [](store::Tx& tx) { index_document(tx, library()); });
  EXPECT_EQ(matches("toddlers"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM search_document_wards"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM search_document_topics"), 1);

  auto changed = library();
  changed.body = "Knitting club on Fridays";
  changed.topics = {"community", "culture"};
  store::in_write(*db_, [&](store::Tx& tx) { index_document(tx, changed); });
  EXPECT_EQ(count("SELECT count(*) FROM search_documents"), 1);
  EXPECT_EQ(matches("toddlers"), 0);
  EXPECT_EQ(matches("knitting"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM search_document_topics"), 2);

  store::in_write(*db_, [](store::Tx& tx) { remove_document(tx, "asset", "7"); });
  EXPECT_EQ(count("SELECT count(*) FROM search_documents"), 0);
  EXPECT_EQ(matches("knitting"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM search_document_wards"), 0);
  store::in_write(*db_, [](store::Tx& tx) { remove_document(tx, "asset", "7"); });  // already gone: no error
}

INSTANTIATE_TEST_SUITE_P(Engines, SearchIndex, ::testing::Values(Engine::sqlite, Engine::postgresql),
                         [](const auto& info) {
                           return info.param == Engine::sqlite ? "sqlite" : "postgresql";
                         });

}  // namespace
}  // namespace cw::search
