// Backups of the demo site moved between engines: taken from SQLite while the server serves and another
// thread writes, restored into PostgreSQL; and from PostgreSQL to SQLite and back. The restored site
// has the source's rows, schema versions and intact audit chain, and hands out new ids after its own.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "app/backup.h"
#include "app/backup_file.h"
#include "app/modules.h"
#include "backup_fixture.h"
#include "modules/accounts/store.h"
#include "modules/audit/audit.h"
#include "site_fixture.h"
#include "store/migrate.h"

namespace cw::testing {
namespace {

void append_audit_entry(store::Db& db, int n) {
  store::in_write(db, [&](store::Tx& tx) {
    audit::record_audit(tx,
                        {.actor_label = "backup-test",
                         .action = "test.write",
                         .object_type = "test",
                         .object_id = std::to_string(n),
                         .after = "write " + std::to_string(n)},
                        kServerNow + n);
  });
}

// A resident signs the petition through the site, as a browser would.
void sign_through_the_site(std::uint16_t port, std::int64_t petition, int n) {
  auto page = http_get(port, "/petitions/" + std::to_string(petition), cookie_header(""));
  auto email = "signer" + std::to_string(n) + "@example.org";
  http_request(port, "POST", "/petitions/" + std::to_string(petition) + "/sign",
               form_body({{"csrf_token", csrf_in(page.body)},
                          {"name", "Signer " + std::to_string(n)},
                          {"email", email},
                          {"postcode", "SM1 1EA"},
                          {"declaration", "yes"}}),
               "application/x-www-form-urlencoded", cookie_header(""));
}

std::int64_t max_id(store::Db& db, const std::string& table) {
  return store::in_read(db, [&](store::Tx& tx) {
    return tx.exec("SELECT COALESCE(MAX(id), 0) FROM " + table).one().integer(0);
  });
}

// The restored site is one the program can run: nothing left to migrate, new rows get ids after the
// restored ones, and new audit entries extend the restored chain.
void expect_site_carries_on(store::Db& db) {
  auto report = store::migrate(db, app::all_migrations(db.engine()));
  EXPECT_TRUE(report.applied.empty());
  EXPECT_TRUE(report.recognised.empty());
  auto old_max = max_id(db, "users");
  auto id = store::in_write(db, [](store::Tx& tx) {
    return accounts::insert_user(tx, "after.restore@example.org", "x", "After Restore", "", kServerNow);
  });
  EXPECT_GT(id, old_max);
  auto entries = audit::verify_audit_chain(db).rows_checked;
  append_audit_entry(db, 100000);
  auto check = audit::verify_audit_chain(db);
  EXPECT_TRUE(check.ok) << check.reason;
  EXPECT_EQ(check.rows_checked, entries + 1);
}

std::set<std::string> table_names(const SiteRows& rows) {
  std::set<std::string> out;
  for (const auto& [name, r] : rows) out.insert(name);
  return out;
}

TEST(Backup, a_sqlite_site_backed_up_while_serving_and_writing_restores_into_postgresql_row_for_row) {
  TestServer server(EngineUnderTest::sqlite);
  store::Db& source = server.runtime().db();
  auto petition = store::in_read(source, [](store::Tx& tx) {
    return tx.exec("SELECT id FROM petitions WHERE state = 'open' ORDER BY id LIMIT 1").one().integer(0);
  });
  const SiteRows before = site_rows(source);
  std::atomic<bool> stop{false};
  std::atomic<int> writes{0};
  std::thread writer([&] {
    for (int n = 1; !stop; ++n) {
      append_audit_entry(source, n);
      sign_through_the_site(server.port(), petition, n);
      writes = n;
    }
  });
  while (writes < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const int writes_before_backup = writes;
  const auto path = backup_path("serving.jsonl.gz");
  app::BackupSummary summary;
  EXPECT_NO_THROW(summary = app::write_backup(source, path, kServerNow));
  const int writes_after_backup = writes;
  while (writes < writes_after_backup + 2)  // and go on after it, so the copy must stop short of them
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  stop = true;
  writer.join();
  server.stop();
  const SiteRows after = site_rows(source);
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));

  auto target = store::Db::open(fresh_database_url(EngineUnderTest::postgresql), 2);
  auto restored = app::restore_backup(path, *target);
  EXPECT_EQ(restored.source_engine, "sqlite");
  EXPECT_EQ(restored.tables, summary.tables);
  EXPECT_EQ(restored.rows, summary.rows);
  const SiteRows got = site_rows(*target);
  EXPECT_EQ(schema_versions(*target), schema_versions(source));
  // Same tables, bar SQLite's index tables, which site_rows leaves out on both sides.
  EXPECT_EQ(table_names(got), table_names(after));
  for (const auto& [table, rows] : after) {
    if (!got.contains(table)) continue;
    const auto& copy = got.at(table);
    if (before.at(table) == rows) {
      EXPECT_EQ(copy, rows) << table;  // untouched while the backup ran: exactly the source
    } else {
      // Written meanwhile: the copy holds the site as it was at one instant between the two.
      EXPECT_GE(copy.size(), before.at(table).size()) << table;
      EXPECT_LE(copy.size(), rows.size()) << table;
    }
  }
  // The audit log only grows, so the copy's entries are the source's first ones, each as written.
  const auto& entries = got.at("audit_log");
  EXPECT_GE(entries.size(), before.at("audit_log").size() + static_cast<std::size_t>(writes_before_backup));
  EXPECT_LT(entries.size(), after.at("audit_log").size());
  EXPECT_TRUE(std::includes(after.at("audit_log").begin(), after.at("audit_log").end(), entries.begin(),
                            entries.end(), row_less));
  auto check = audit::verify_audit_chain(*target);
  EXPECT_TRUE(check.ok) << check.reason;
  EXPECT_EQ(check.rows_checked, restored.audit_entries);
  expect_site_carries_on(*target);
}

TEST(Backup, a_postgresql_site_goes_to_sqlite_and_back_with_every_row_as_it_was) {
  TestServer server(EngineUnderTest::postgresql);
  store::Db& source = server.runtime().db();
  for (int n = 1; n <= 3; ++n) append_audit_entry(source, n);
  server.stop();  // nothing changes from here on, so every table must match exactly
  const SiteRows original = site_rows(source);
  ASSERT_GT(original.at("audit_log").size(), 2u);
  ASSERT_GT(original.at("postcodes").size(), 1000u);

  const auto first = backup_path("pg.jsonl.gz");
  app::write_backup(source, first, kServerNow);
  auto lite = store::Db::open(fresh_database_url(EngineUnderTest::sqlite), 2);
  auto restored = app::restore_backup(first, *lite);
  EXPECT_EQ(restored.source_engine, "postgresql");
  expect_same_rows(site_rows(*lite), original);
  EXPECT_EQ(schema_versions(*lite), schema_versions(source));
  // SQLite's own indexes were filled by their triggers as the rows went in.
  store::in_read(*lite, [](store::Tx& tx) {
    EXPECT_EQ(tx.exec("SELECT COUNT(*) FROM assets_rtree").one().integer(0),
              tx.exec("SELECT COUNT(*) FROM assets WHERE lon IS NOT NULL").one().integer(0));
    EXPECT_GT(tx.exec("SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH 'library'").one().integer(0),
              0);
  });

  const auto second = backup_path("pg-via-sqlite.jsonl.gz");
  app::write_backup(*lite, second, kServerNow);
  auto back = store::Db::open(fresh_database_url(EngineUnderTest::postgresql), 2);
  app::restore_backup(second, *back);
  expect_same_rows(site_rows(*back), original);
  store::in_read(*back, [](store::Tx& tx) {
    EXPECT_GT(tx.exec("SELECT COUNT(*) FROM search_documents WHERE search_vector @@ to_tsquery('english', "
                      "'library')")
                  .one()
                  .integer(0),
              0);
  });
  expect_site_carries_on(*lite);
  expect_site_carries_on(*back);
}

// A site from before migrations were merged and moved (tests/data/upgrade, as upgrade_test.cpp uses it)
// records versions under names this build has replaced: restore builds that same old schema on the
// other engine, and the usual migrate then upgrades it.
TEST(Backup, a_site_from_before_the_migrations_were_merged_moves_to_postgresql_and_then_upgrades) {
  auto url = fresh_database_url(EngineUnderTest::sqlite);
  std::string command = "gzip -dc '" + std::string(CW_SOURCE_DIR) +
                        "/tests/data/upgrade/main-2026-12.sqlite.dump.gz' | sqlite3 '" + url.substr(7) + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  auto old_site = store::Db::open(url, 2);
  const SiteRows original = site_rows(*old_site);
  const auto path = backup_path("old-site.jsonl.gz");
  app::write_backup(*old_site, path, kServerNow);

  auto target = store::Db::open(fresh_database_url(EngineUnderTest::postgresql), 2);
  app::restore_backup(path, *target);
  auto restored = site_rows(*target);
  // The old site had never repaired its text, so it had no record of repairs; migrate does it next.
  ASSERT_FALSE(original.contains("text_repairs"));
  EXPECT_TRUE(restored.at("text_repairs").empty());
  restored.erase("text_repairs");
  expect_same_rows(restored, original);
  auto report = store::migrate(*target, app::all_migrations(target->engine()));
  EXPECT_EQ(std::set<std::string>(report.applied.begin(), report.applied.end()),
            (std::set<std::string>{"accounts/003_invited_organisation",
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
  EXPECT_EQ(site_rows(*target).at("petition_signatures"), original.at("petition_signatures"));
  auto check = audit::verify_audit_chain(*target);
  EXPECT_TRUE(check.ok) << check.reason;
}

TEST(Backup, a_backup_that_cannot_be_written_leaves_no_file_behind) {
  auto db = store::Db::open(fresh_database_url(EngineUnderTest::sqlite), 2);
  store::migrate(*db, app::all_migrations(db->engine()));
  const auto path = backup_path("no-such-dir") + "/backup.jsonl.gz";
  EXPECT_THROW(app::write_backup(*db, path, kServerNow), app::BackupError);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST(Backup, a_database_that_was_never_migrated_is_not_backed_up) {
  auto db = store::Db::open(fresh_database_url(EngineUnderTest::sqlite), 2);
  const auto path = backup_path("unmigrated.jsonl.gz");
  try {
    app::write_backup(*db, path, kServerNow);
    ADD_FAILURE() << "an unmigrated database was backed up";
  } catch (const app::BackupError& e) {
    EXPECT_TRUE(contains(e.what(), "no schema_migrations table")) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace cw::testing
