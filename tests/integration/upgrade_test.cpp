// Upgrading a site made before migrations were written once for both engines and before the Right to
// Bid and asset transfer became modules of their own. tests/data/upgrade holds dumps of databases made
// by main on 2026-12-06 (the demo locality with 3,500 signatures, an admin account, a Right to Bid case
// with a notice and an asset transfer), one per engine; each is restored and migrated with today's code.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>

#include "app/modules.h"
#include "store/db.h"
#include "store/migrate.h"
#include "test_server.h"

namespace cw::testing {
namespace {

using Counts = std::map<std::string, std::int64_t>;
using Names = std::set<std::string>;

// A database restored from the dump the old main made on `engine`, through the engine's own client.
std::string restored_old_site(EngineUnderTest engine) {
  auto url = fresh_database_url(engine);
  std::string dump = std::string(CW_SOURCE_DIR) + "/tests/data/upgrade/main-2026-12." +
                     (engine == EngineUnderTest::sqlite ? "sqlite" : "pg") + ".dump.gz";
  std::string client = engine == EngineUnderTest::sqlite
                           ? "sqlite3 '" + url.substr(7) + "'"  // past "sqlite:"
                           : "/usr/lib/postgresql/15/bin/psql -q -v ON_ERROR_STOP=1 '" + url + "'";
  std::string command = "gzip -dc '" + dump + "' | " + client + " >/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return url;
}

Names tables(store::Tx& tx, store::Engine engine) {
  Names out;
  auto sql = engine == store::Engine::sqlite
                 ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                 : "SELECT tablename FROM pg_tables WHERE schemaname = 'public'";
  for (const auto& row : tx.exec(sql).rows) out.insert(row.text(0));
  return out;
}

// Rows in every table but the runner's own (schema_migrations, which the upgrade rewrites, and
// text_repairs).
Counts row_counts(store::Db& db) {
  return store::in_read(db, [&](store::Tx& tx) {
    Counts out;
    for (const auto& t : tables(tx, db.engine()))
      if (t != "schema_migrations" && t != "text_repairs")
        out[t] = tx.exec("SELECT COUNT(*) FROM " + t).one().integer(0);
    return out;
  });
}

// "table.column" for every column, and "index name" for every index: the schema's shape without types,
// which differ only in spelling between a merged file and the pair it replaced.
Names schema_shape(store::Db& db) {
  return store::in_read(db, [&](store::Tx& tx) {
    bool lite = db.engine() == store::Engine::sqlite;
    Names out;
    auto columns = lite ? "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                          "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
                        : "SELECT table_name, column_name FROM information_schema.columns "
                          "WHERE table_schema = 'public'";
    for (const auto& row : tx.exec(columns).rows) out.insert(row.text(0) + "." + row.text(1));
    auto indexes = lite ? "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') "
                          "AND name NOT LIKE 'sqlite_autoindex%'"
                        : "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'";
    for (const auto& row : tx.exec(indexes).rows) out.insert("index " + row.text(0));
    return out;
  });
}

Names recorded_migrations(store::Db& db) {
  return store::in_read(db, [](store::Tx& tx) {
    Names out;
    for (const auto& row : tx.exec("SELECT module, name, sha256 FROM schema_migrations").rows)
      out.insert(row.text(0) + "/" + row.text(1) + " " + row.text(2));
    return out;
  });
}

Names current_migrations(store::Engine engine) {
  Names out;
  for (const auto& m : app::all_migrations(engine))
    out.insert(m.module + "/" + m.name + " " + store::migration_hash(m.sql));
  return out;
}

class UpgradeTest : public ::testing::TestWithParam<EngineUnderTest> {};

TEST_P(UpgradeTest, SiteFromBeforeTheMergeUpgradesWithNoErrorAndNoLostRow) {
  auto db = store::Db::open(restored_old_site(GetParam()), 2);
  auto before = row_counts(*db);
  ASSERT_EQ(before.at("petition_signatures"), 3500);
  ASSERT_EQ(before.at("community_value_cases"), 1);
  ASSERT_EQ(before.at("asset_transfers"), 1);

  auto report = store::migrate(*db, app::all_migrations(db->engine()));
  // Only the migrations written after the old site was saved run; everything before is recognised.
  EXPECT_EQ(Names(report.applied.begin(), report.applied.end()), (Names{"accounts/003_invited_organisation",
                                                                        "accounts/004_second_factor",
                                                                        "asset_transfer/002_considered",
                                                                        "audit/004_anchors",
                                                                        "community_value/002_bidder_requests",
                                                                        "consultations/003_response_safety",
                                                                        "mail/003_mail_safety",
                                                                        "mail/004_mail_suppressions",
                                                                        "jobs/001_job_runs",
                                                                        "places/005_locality_contact",
                                                                        "ballots/001_ballots",
                                                                        "ballots/002_voter_areas",
                                                                        "budgeting/001_budgets",
                                                                        "budgeting/002_ideas",
                                                                        "budgeting/003_results",
                                                                        "budgeting/004_delivery",
                                                                        "budgeting/005_ballot_types",
                                                                        "budgeting/006_voting_codes",
                                                                        "budgeting/007_amendments",
                                                                        "budgeting/008_exclusions"}));
  Names recognised(report.recognised.begin(), report.recognised.end());
  for (const char* moved : {"community_value/001_community_value", "asset_transfer/001_transfers",
                            "assets/001_assets", "assets/002_asset_locations", "search/001_search",
                            "search/002_search_text", "petitions/001_petitions", "accounts/001_users"})
    EXPECT_TRUE(recognised.contains(moved)) << moved;
  // Every row is still there, beside new tables, empty until the server runs its jobs or sends mail.
  auto after = row_counts(*db);
  for (const char* added :
       {"job_runs",         "audit_anchors",        "mail_stop_tokens",     "mail_suppressions",
        "second_factors",   "recovery_codes",       "ballot_voters",        "ballots",
        "budget_processes", "budget_projects",      "budget_results",       "budget_vote_steps",
        "budget_ideas",     "budget_idea_supports", "budget_idea_comments", "budget_delivery_updates",
        "budget_codes",     "budget_paper_entries", "budget_amendments",    "budget_exclusions"}) {
    EXPECT_EQ(after[added], 0) << added;
    after.erase(added);
  }
  EXPECT_EQ(after, before);
  // The record now names today's files with the hashes of the texts this engine runs, and nothing else.
  EXPECT_EQ(recorded_migrations(*db), current_migrations(db->engine()));
  auto again = store::migrate(*db, app::all_migrations(db->engine()));
  EXPECT_TRUE(again.applied.empty());
  EXPECT_TRUE(again.recognised.empty());

  // The upgraded schema has every table, column, index and trigger a new site has.
  auto fresh = store::Db::open(fresh_database_url(GetParam()), 2);
  store::migrate(*fresh, app::all_migrations(fresh->engine()));
  EXPECT_EQ(schema_shape(*db), schema_shape(*fresh));
}

TEST_P(UpgradeTest, UpgradedSiteKeepsGeneratingIdsAndIndexing) {
  auto db = store::Db::open(restored_old_site(GetParam()), 2);
  store::migrate(*db, app::all_migrations(db->engine()));
  store::in_write(*db, [](store::Tx& tx) {
    auto locality = tx.exec("SELECT id FROM localities ORDER BY id").rows.at(0).integer(0);
    auto old_max = tx.exec("SELECT MAX(id) FROM assets").one().integer(0);
    auto id =
        tx.run(
              "INSERT INTO assets (locality_id, kind, category, name, lat, lon, created_at, updated_at) "
              "VALUES ($1, 'building', 'library', 'Upgrade Library', 51.36, -0.19, 1, 1) RETURNING id",
              locality)
            .one()
            .integer(0);
    EXPECT_GT(id, old_max);
    auto transfer =
        tx.run(
              "INSERT INTO asset_transfers (locality_id, asset_name, organisation_name, "
              "organisation_type, proposal, interest_on, created_at, updated_at) VALUES "
              "($1, 'Upgrade Library', 'Trust', 'charity', 'Run it', '2026-12-06', 1, 1) RETURNING id",
              locality)
            .one()
            .integer(0);
    EXPECT_GT(transfer, 1);
  });
}

INSTANTIATE_TEST_SUITE_P(Engines, UpgradeTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
