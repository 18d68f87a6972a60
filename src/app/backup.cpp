// Writing a backup: the catalogue, the schema versions and every row, all read in one snapshot.
#include "app/backup.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "app/backup_file.h"
#include "common/civil_date.h"
#include "store/catalogue.h"

namespace cw::app {

namespace {

// Rows per query when a table is read in pages: few enough to hold, many enough to be quick.
constexpr int kPage = 1000;

// The migration runner's own record: it goes into the header, and restore writes its own.
constexpr const char* kMigrationsTable = "schema_migrations";

// Parents before the tables whose foreign keys point at them, and by name among equals, so restore can
// insert in file order with every foreign key checked. A table pointing at itself is ordered by its
// rows instead (primary key order: a parent row has the smaller id).
std::vector<store::TableInfo> in_load_order(std::vector<store::TableInfo> tables) {
  std::map<std::string, std::set<std::string>> waiting_for;
  for (const auto& t : tables)
    for (const auto& r : t.references)
      if (r != t.name) waiting_for[t.name].insert(r);
  std::vector<store::TableInfo> out;
  while (!tables.empty()) {
    auto ready = std::find_if(tables.begin(), tables.end(), [&](const auto& t) {
      return std::none_of(waiting_for[t.name].begin(), waiting_for[t.name].end(), [&](const auto& parent) {
        return std::any_of(tables.begin(), tables.end(), [&](const auto& u) { return u.name == parent; });
      });
    });
    if (ready == tables.end())
      throw BackupError(fmt::format(
          "the foreign keys of {} and others form a cycle, so no table can go first", tables.front().name));
    out.push_back(std::move(*ready));
    tables.erase(ready);
  }
  return out;
}

nlohmann::json header(store::Tx& tx, Micros now, int& migrations) {
  nlohmann::json versions = nlohmann::json::array();
  for (const auto& r :
       tx.exec("SELECT module, name, sha256 FROM schema_migrations ORDER BY module, name").rows)
    versions.push_back({{"module", r.text(0)}, {"name", r.text(1)}, {"sha256", r.text(2)}});
  migrations = static_cast<int>(versions.size());
  return {{"format", kBackupFormat},
          {"version", kBackupVersion},
          {"created_at", civil::iso_time(now)},
          {"source_engine", engine_word(tx.engine())},
          {"schema_versions", std::move(versions)}};
}

std::string column_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + store::quoted_identifier(n);
  return out;
}

nlohmann::json row_line(const store::Row& row) {
  nlohmann::json cells = nlohmann::json::array();
  for (std::size_t i = 0; i < row.size(); ++i) cells.push_back(cell_to_json(row.cell(i)));
  return cells;
}

// Writes the table's line and its rows; returns how many rows.
std::int64_t write_table(store::Tx& tx, const store::TableInfo& t, BackupWriter& out) {
  std::vector<std::string> names;
  for (const auto& c : t.columns) {
    if (c.binary)
      throw BackupError(fmt::format("{}.{} holds binary data, which this backup format does not carry yet",
                                    t.name, c.name));
    names.push_back(c.name);
  }
  const std::string table = store::quoted_identifier(t.name);
  const std::int64_t count = tx.exec("SELECT COUNT(*) FROM " + table).one().integer(0);
  out.line({{"table", t.name}, {"columns", names}, {"rows", count}});
  const std::string select = "SELECT " + column_list(names) + " FROM " + table;
  std::int64_t written = 0;
  if (t.primary_key.size() == 1) {
    // Pages by key, so a large table costs one index range per page however far in.
    const std::string key = store::quoted_identifier(t.primary_key.front());
    const auto at = static_cast<std::size_t>(
        std::find_if(names.begin(), names.end(), [&](const auto& n) { return n == t.primary_key.front(); }) -
        names.begin());
    const std::string order = " ORDER BY " + key + " LIMIT " + std::to_string(kPage);
    auto page = tx.exec(select + order).rows;
    while (!page.empty()) {
      for (const auto& row : page) out.line(row_line(row));
      written += static_cast<std::int64_t>(page.size());
      if (page.size() < static_cast<std::size_t>(kPage)) break;
      page = tx.exec(select + " WHERE " + key + " > $1" + order, {page.back().cell(at)}).rows;
    }
  } else {
    const std::string order = t.primary_key.empty() ? "" : " ORDER BY " + column_list(t.primary_key);
    const auto rows = tx.exec(select + order).rows;
    for (const auto& row : rows) out.line(row_line(row));
    written = static_cast<std::int64_t>(rows.size());
  }
  if (written != count)
    throw BackupError(fmt::format("{} gave {} rows where it counted {}", t.name, written, count));
  return written;
}

}  // namespace

BackupSummary write_backup(store::Db& db, const std::string& path, Micros now) {
  BackupWriter out(path);
  BackupSummary summary;
  // One read transaction for everything: its snapshot is taken at the first statement and held to the end.
  store::in_read(db, [&](store::Tx& tx) {
    auto tables = store::list_tables(tx);
    auto migrations =
        std::find_if(tables.begin(), tables.end(), [](const auto& t) { return t.name == kMigrationsTable; });
    if (migrations == tables.end())
      throw BackupError(
          "the database has no schema_migrations table: it is not a commonweal database, or was never "
          "migrated");
    tables.erase(migrations);
    out.line(header(tx, now, summary.migrations));
    for (const auto& t : in_load_order(std::move(tables))) {
      summary.rows += write_table(tx, t, out);
      ++summary.tables;
    }
    out.line({{"end", kBackupFormat}, {"tables", summary.tables}, {"rows", summary.rows}});
  });
  out.finish();
  return summary;
}

}  // namespace cw::app
