// What restore refuses, on each engine as the target: a database that is not empty (left as it was),
// and backups that are cut short, damaged, from a newer schema or holding a row that does not fit
// (each leaving the target with no tables at all, since schema and rows go in one transaction).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

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

class RestoreRefusalTest : public ::testing::TestWithParam<EngineUnderTest> {
 protected:
  // A small site (the schema, a person and an audit entry) backed up from the other engine.
  void SetUp() override {
    auto from = GetParam() == EngineUnderTest::sqlite ? EngineUnderTest::postgresql : EngineUnderTest::sqlite;
    auto db = store::Db::open(fresh_database_url(from), 2);
    store::migrate(*db, app::all_migrations(db->engine()));
    store::in_write(*db, [](store::Tx& tx) {
      accounts::insert_user(tx, "kept@example.org", "x", "Kept Person", "", kServerNow);
      audit::record_audit(tx, {.actor_label = "system", .action = "test.made", .object_type = "test"},
                          kServerNow);
    });
    path_ = backup_path("small-" + engine_name(GetParam()) + ".jsonl.gz");
    app::write_backup(*db, path_, kServerNow);
    target_url_ = fresh_database_url(GetParam());
  }

  // Restores `file` into the empty target, expecting a refusal whose message has `words`; the target
  // must still have no tables afterwards.
  void expect_refused(const std::string& file, const std::string& words) {
    auto target = store::Db::open(target_url_, 2);
    try {
      app::restore_backup(file, *target);
      ADD_FAILURE() << "restored a backup that should be refused for: " << words;
    } catch (const std::exception& e) {
      EXPECT_TRUE(contains(e.what(), words)) << e.what();
    }
    EXPECT_EQ(table_count(*target), 0);
  }

  std::string rewritten(const std::string& name, const std::vector<std::string>& lines) {
    auto out = backup_path(name + "-" + engine_name(GetParam()) + ".jsonl.gz");
    write_backup_lines(out, lines);
    return out;
  }

  std::string path_, target_url_;
};

TEST_P(RestoreRefusalTest, the_untouched_backup_restores_so_the_refusals_below_are_about_their_damage) {
  auto target = store::Db::open(target_url_, 2);
  auto summary = app::restore_backup(path_, *target);
  EXPECT_EQ(summary.audit_entries, 1);
  EXPECT_EQ(site_rows(*target).at("users").size(), 1u);
}

TEST_P(RestoreRefusalTest, a_database_with_tables_is_refused_and_left_as_it_was) {
  auto target = store::Db::open(target_url_, 2);
  store::migrate(*target, app::all_migrations(target->engine()));
  store::in_write(*target, [](store::Tx& tx) {
    accounts::insert_user(tx, "already@example.org", "x", "Already Here", "", kServerNow);
  });
  const auto rows = site_rows(*target);
  const auto versions = schema_versions(*target);
  try {
    app::restore_backup(path_, *target);
    ADD_FAILURE() << "restored into a database that has tables";
  } catch (const app::BackupError& e) {
    EXPECT_TRUE(contains(e.what(), "the database is not empty")) << e.what();
    EXPECT_TRUE(contains(e.what(), "create a new one")) << e.what();
  }
  EXPECT_EQ(site_rows(*target), rows);
  EXPECT_EQ(schema_versions(*target), versions);
}

TEST_P(RestoreRefusalTest, a_file_cut_short_is_refused) {
  auto size = std::filesystem::file_size(path_);
  std::filesystem::resize_file(path_, size / 2);
  expect_refused(path_, "is damaged");
}

TEST_P(RestoreRefusalTest, a_file_missing_its_last_lines_is_refused_as_incomplete) {
  auto lines = backup_lines(path_);
  ASSERT_GT(lines.size(), 3u);
  lines.resize(lines.size() - 2);  // the last table's rows or the trailer
  expect_refused(rewritten("short", lines), "the backup is incomplete");
}

TEST_P(RestoreRefusalTest, a_file_with_damaged_bytes_is_refused) {
  std::fstream file(path_, std::ios::in | std::ios::out | std::ios::binary);
  auto middle = static_cast<std::streamoff>(std::filesystem::file_size(path_) / 2);
  for (std::streamoff at = middle; at < middle + 16; ++at) {
    file.seekg(at);
    char c = static_cast<char>(file.get());
    file.seekp(at);
    file.put(static_cast<char>(c ^ 0x5a));
  }
  file.close();
  // Usually zlib's check finds it; whatever the damage turns into, nothing may be restored.
  expect_refused(path_, "");
}

TEST_P(RestoreRefusalTest, a_file_that_is_not_a_backup_is_refused) {
  auto plain = backup_path("plain-" + engine_name(GetParam()) + ".txt");
  std::ofstream(plain) << "id,name\n1,not a backup\n";
  expect_refused(plain, "is not a commonweal backup");
}

TEST_P(RestoreRefusalTest, a_backup_from_a_newer_schema_is_refused_naming_what_is_unknown) {
  auto lines = backup_lines(path_);
  auto header = nlohmann::json::parse(lines.at(0));
  header["schema_versions"].push_back(
      {{"module", "petitions"}, {"name", "999_from_the_future"}, {"sha256", "0"}});
  lines[0] = header.dump();
  expect_refused(rewritten("newer", lines), "newer than this build");
  expect_refused(rewritten("newer", lines), "petitions/999_from_the_future");
}

TEST_P(RestoreRefusalTest, a_row_that_breaks_a_rule_rolls_back_the_schema_and_every_row) {
  auto lines = backup_lines(path_);
  // The person's row, with an id that is not a number.
  bool changed = false;
  for (std::size_t i = 0; i + 1 < lines.size() && !changed; ++i) {
    auto line = nlohmann::json::parse(lines[i]);
    if (!line.is_object() || line.value("table", "") != "users") continue;
    auto columns = line["columns"].get<std::vector<std::string>>();
    auto id = std::find(columns.begin(), columns.end(), "id") - columns.begin();
    auto row = nlohmann::json::parse(lines[i + 1]);
    row[static_cast<std::size_t>(id)] = "not a number";
    lines[i + 1] = row.dump();
    changed = true;
  }
  ASSERT_TRUE(changed);
  expect_refused(rewritten("bad-row", lines), "users");
}

INSTANTIATE_TEST_SUITE_P(Engines, RestoreRefusalTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
