// The search index against both real engines with the demo geography: adding, replacing and removing
// documents keeps the full-text index, wards and topics in step; searches rank, filter, paginate and
// put what is near a postcode first; alerts read what was published in a window.
#include <gtest/gtest.h>

#include "modules/places/demo.h"
#include "modules/places/overview.h"
#include "modules/search/index.h"
#include "modules/search/page.h"
#include "modules/search/store.h"
#include "modules/testing.h"
#include "store/tests/pg_harness.h"

namespace cw::search {
namespace {

using store::Engine;

const std::string kDemo = std::string(CW_SOURCE_DIR) + "/data/demo";
const std::string kSuttonCentral = "E05013765", kBeddington = "E05013754", kWallington = "E05013771";
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
  void load_places() {
    places::load_demo(*db_, kDemo);
    sutton_ = store::in_read(*db_, [](store::Tx& tx) { return places::locality_refs(tx).front().id; });
  }
  void add(SearchDocument d) {
    if (!d.locality_id) d.locality_id = sutton_;
    store::in_write(*db_, [&](store::Tx& tx) { index_document(tx, d); });
  }
  std::vector<std::string> titles(const SearchFilter& f) {
    auto r = store::in_read(*db_, [&](store::Tx& tx) { return run_search(tx, f); });
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.doc.title);
    return out;
  }
  store::testing::TempSqlite sqlite_;
  std::unique_ptr<store::Db> db_;
  std::int64_t sutton_ = 0;
};

using Titles = std::vector<std::string>;

SearchDocument doc(std::string kind, std::string ref, std::string title, std::string body,
                   std::vector<std::string> wards = {}, std::vector<std::string> topics = {},
                   Micros published = 1000) {
  return {.kind = std::move(kind),
          .ref = std::move(ref),
          .title = std::move(title),
          .body = std::move(body),
          .url = "/x/" + ref,
          .status = "open",
          .status_label = "Open",
          .ward_codes = std::move(wards),
          .topics = std::move(topics),
          .published_at = published};
}

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

TEST_P(SearchIndex, words_find_stemmed_matches_ranked_by_title_first_and_syntax_is_just_words) {
  load_places();
  add(doc("petition", "1", "Save the bus route", "The 154 buses to Morden"));
  add(doc("consultation", "2", "Parking charges", "Changes to parking near the bus station"));
  add(doc("asset", "3", "Cricket ground", "Nets and a pavilion"));
  EXPECT_EQ(titles({.text = "bus"}), (Titles{"Save the bus route", "Parking charges"}));
  EXPECT_EQ(titles({.text = "PARKING Bus"}), Titles{"Parking charges"});
  EXPECT_EQ(titles({.text = "pavilions"}), Titles{"Cricket ground"});
  EXPECT_EQ(titles({.text = "title:zebra OR \"(* ^ col*"}), Titles{});  // no FTS5 syntax error, no match
  EXPECT_EQ(titles({.text = "the"}).size(), 3u);                        // nothing searchable: everything
}

TEST_P(SearchIndex, filters_by_kind_status_topic_and_ward_with_pages) {
  load_places();
  add(doc("petition", "1", "Bus lane", "", {kSuttonCentral}, {"transport"}));
  add(doc("petition", "2", "Bins", "", {kBeddington}, {"environment"}));
  auto closed = doc("consultation", "3", "Cycle paths", "", {}, {"transport"});
  closed.status = "closed";
  add(closed);
  EXPECT_EQ(titles({.kind = "petition"}), (Titles{"Bins", "Bus lane"}));
  EXPECT_EQ(titles({.status = "closed"}), Titles{"Cycle paths"});
  EXPECT_EQ(titles({.topic = "transport"}), (Titles{"Cycle paths", "Bus lane"}));
  EXPECT_EQ(titles({.ward_code = kBeddington}), Titles{"Bins"});
  auto page2 = store::in_read(*db_, [](store::Tx& tx) { return run_search(tx, {.page = 2, .per_page = 2}); });
  EXPECT_EQ(page2.total, 3);
  ASSERT_EQ(page2.hits.size(), 1u);
  auto statuses = store::in_read(*db_, [](store::Tx& tx) { return indexed_statuses(tx, std::nullopt); });
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[0].slug, "closed");
}

TEST_P(SearchIndex, near_a_postcode_its_ward_and_the_whole_locality_come_first_then_the_nearest) {
  load_places();
  auto far = doc("asset", "1", "Far hall", "", {kWallington});
  far.lat = 51.3600, far.lon = -0.1500;
  auto close = doc("asset", "2", "Close hall", "", {kWallington});
  close.lat = 51.3610, close.lon = -0.1900;
  add(far);
  add(close);
  add(doc("petition", "3", "Everyone petition", "", {}, {}, 5));
  add(doc("petition", "4", "Beddington petition", "", {kBeddington}, {}, 9));
  add(doc("petition", "5", "Central petition", "", {kSuttonCentral}, {}, 1));
  web::Request req;
  req.query = web::parse_query("postcode=sm1+1ea");
  auto [s, hits] = store::in_read(*db_, [&](store::Tx& tx) {
    auto s = parse_search_request(tx, req, 20);
    return std::pair(s, run_search(tx, s.filter));
  });
  ASSERT_TRUE(s.errors.empty());
  EXPECT_EQ(s.postcode, "SM1 1EA");
  EXPECT_EQ(s.filter.near_ward_code, kSuttonCentral);
  std::vector<std::string> got;
  for (const auto& h : hits.hits) got.push_back(h.doc.title);
  EXPECT_EQ(got, (Titles{"Everyone petition", "Central petition", "Close hall", "Far hall",
                         "Beddington petition"}));
  ASSERT_TRUE(hits.hits[2].distance_m);
  EXPECT_LT(*hits.hits[2].distance_m, *hits.hits[3].distance_m);

  req.query = web::parse_query("postcode=ZZ99+9ZZ&kind=spaceship");
  auto bad = store::in_read(*db_, [&](store::Tx& tx) { return parse_search_request(tx, req, 20); });
  ASSERT_EQ(bad.errors.size(), 2u);
  EXPECT_EQ(bad.errors[1].field, "postcode");
}

TEST_P(SearchIndex, sorted_by_closing_date_or_newest) {
  load_places();
  auto later = doc("consultation", "1", "Closes later", "", {}, {}, 300);
  later.closes_at = 9000;
  auto sooner = doc("petition", "2", "Closes sooner", "", {}, {}, 100);
  sooner.closes_at = 5000;
  add(later);
  add(sooner);
  add(doc("asset", "3", "Never closes", "", {}, {}, 200));
  EXPECT_EQ(titles({.sort = "closing"}), (Titles{"Closes sooner", "Closes later", "Never closes"}));
  EXPECT_EQ(titles({.sort = "newest"}), (Titles{"Closes later", "Never closes", "Closes sooner"}));
}

TEST_P(SearchIndex, alerts_read_what_was_published_in_the_window_by_ward_and_topic) {
  load_places();
  add(doc("petition", "1", "Old", "", {}, {"transport"}, 100));
  add(doc("petition", "2", "New everywhere", "", {}, {"transport"}, 200));
  add(doc("consultation", "3", "New in Beddington", "", {kBeddington}, {"transport"}, 300));
  add(doc("consultation", "4", "New in Central", "", {kSuttonCentral}, {"housing"}, 400));
  add(doc("asset", "5", "New asset", "", {}, {"transport"}, 500));
  auto between = [&](std::optional<std::string> ward, std::vector<std::string> topics) {
    return store::in_read(*db_, [&](store::Tx& tx) {
      Titles out;
      for (const auto& d : documents_published_between(tx, sutton_, {"petition", "consultation"}, ward,
                                                       topics, 150, 1000, 50))
        out.push_back(d.title);
      return out;
    });
  };
  EXPECT_EQ(between(std::nullopt, {}), (Titles{"New everywhere", "New in Beddington", "New in Central"}));
  EXPECT_EQ(between(kSuttonCentral, {}), (Titles{"New everywhere", "New in Central"}));
  EXPECT_EQ(between(kSuttonCentral, {"transport"}), Titles{"New everywhere"});
}

INSTANTIATE_TEST_SUITE_P(Engines, SearchIndex, ::testing::Values(Engine::sqlite, Engine::postgresql),
                         [](const auto& info) {
                           return info.param == Engine::sqlite ? "sqlite" : "postgresql";
                         });

}  // namespace
}  // namespace cw::search
