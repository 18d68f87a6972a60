// Restoring a backup: schema and rows in one write transaction on an empty database, checked as it goes
// (every table and row the header and table lines promise, columns as the schema has them) and at the
// end (the trailer's totals, the audit chain) before anything is committed.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/backup.h"
#include "app/backup_file.h"
#include "app/modules.h"
#include "modules/audit/audit.h"
#include "store/catalogue.h"
#include "store/migrate.h"
#include "store/repair_text.h"

namespace cw::app {

namespace {

// Rows sent together: on PostgreSQL one round trip each (Tx::exec_all).
constexpr std::size_t kBatch = 500;

struct Header {
  std::string source_engine, created_at;
  std::vector<store::Replaced> versions;  // as the backed-up site recorded them
};

struct TableLine {
  std::string name;
  std::vector<std::string> columns;
  std::int64_t rows = 0;
};

Header read_header(BackupReader& in, const std::string& path) {
  auto h = in.next("the header");
  if (!h.is_object() || !h.contains("format") || h["format"] != kBackupFormat)
    throw BackupError(fmt::format("{} is not a commonweal backup (its first line is not the header)", path));
  if (int version = h.at("version").get<int>(); version > kBackupVersion)
    throw BackupError(
        fmt::format("{} is in backup format {}, newer than this build reads ({}): restore it with "
                    "the commonweal that made it or a newer one",
                    path, version, kBackupVersion));
  Header out{h.at("source_engine").get<std::string>(), h.at("created_at").get<std::string>(), {}};
  if (out.source_engine != "sqlite" && out.source_engine != "postgresql")
    throw BackupError(fmt::format("{} names an unknown engine, {}", path, out.source_engine));
  for (const auto& v : h.at("schema_versions"))
    out.versions.push_back({v.at("module").get<std::string>(), v.at("name").get<std::string>(),
                            v.at("sha256").get<std::string>()});
  return out;
}

// The migrations of this build that make the backup's schema, in this build's order. A version the
// backed-up site recorded under a name this build has replaced counts as the files that replace it.
std::vector<store::Migration> migrations_for(const Header& header, store::Engine engine) {
  auto known = all_migrations(engine);
  auto source =
      all_migrations(header.source_engine == "sqlite" ? store::Engine::sqlite : store::Engine::postgresql);
  std::set<std::pair<std::string, std::string>> wanted;
  std::vector<std::string> unknown;
  for (const auto& v : header.versions) {
    bool found = false;
    for (const auto& m : source) {
      bool replaces = std::any_of(m.replaces.begin(), m.replaces.end(), [&](const auto& r) {
        return r.module == v.module && r.name == v.name && r.sha256 == v.sha256;
      });
      if ((m.module == v.module && m.name == v.name) || replaces) {
        wanted.insert({m.module, m.name});
        found = true;
      }
    }
    if (!found) unknown.push_back(v.module + "/" + v.name);
  }
  if (!unknown.empty())
    throw BackupError(fmt::format(
        "the backup's schema is newer than this build: it has {} migration{} this build does not know ({}). "
        "Restore it with the commonweal version that made it, or a newer one",
        unknown.size(), unknown.size() == 1 ? "" : "s", fmt::join(unknown, ", ")));
  std::erase_if(known, [&](const auto& m) { return !wanted.contains({m.module, m.name}); });
  return known;
}

void refuse_unless_empty(store::Tx& tx) {
  auto tables = store::list_tables(tx);
  if (tables.empty()) return;
  throw BackupError(fmt::format(
      "the database is not empty: it has {} table{} already ({}{}). Restore loads only into an empty "
      "database: create a new one (a new sqlite: file, or createdb on PostgreSQL) and restore into that",
      tables.size(), tables.size() == 1 ? "" : "s", tables.front().name, tables.size() > 1 ? ", …" : ""));
}

TableLine parse_table_line(const nlohmann::json& line, std::int64_t number) {
  if (!line.is_object() || !line.contains("table"))
    throw BackupError(fmt::format("line {} should name a table but does not", number));
  TableLine out{line.at("table").get<std::string>(), line.at("columns").get<std::vector<std::string>>(),
                line.at("rows").get<std::int64_t>()};
  if (out.rows < 0) throw BackupError(fmt::format("line {}: a table cannot have {} rows", number, out.rows));
  return out;
}

// The backup's columns must be the ones the schema built from its own versions has; a difference means
// the file does not match its header.
void check_columns(const TableLine& line, const store::TableInfo& table) {
  std::set<std::string> ours, theirs(line.columns.begin(), line.columns.end());
  for (const auto& c : table.columns) ours.insert(c.name);
  if (ours != theirs || theirs.size() != line.columns.size())
    throw BackupError(
        fmt::format("table {} has the columns ({}) in the backup but ({}) in the schema of its "
                    "versions: the backup does not match its header",
                    line.name, fmt::join(line.columns, ", "), fmt::join(ours, ", ")));
}

std::string column_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + store::quoted_identifier(n);
  return out;
}

// INSERT of one row. Where the migrations seeded rows (audit_head's, the default periods) the backup's
// row replaces the seeded one with the same key.
std::string insert_sql(const store::TableInfo& table, const std::vector<std::string>& columns, bool seeded) {
  std::string sql =
      "INSERT INTO " + store::quoted_identifier(table.name) + " (" + column_list(columns) + ") VALUES (";
  for (std::size_t i = 0; i < columns.size(); ++i) sql += fmt::format("{}${}", i ? ", " : "", i + 1);
  sql += ")";
  if (!seeded || table.primary_key.empty()) return sql;
  std::string updates;
  for (const auto& c : columns)
    if (std::find(table.primary_key.begin(), table.primary_key.end(), c) == table.primary_key.end())
      updates += (updates.empty() ? "" : ", ") + store::quoted_identifier(c) + " = excluded." +
                 store::quoted_identifier(c);
  return sql + " ON CONFLICT (" + column_list(table.primary_key) + ") DO " +
         (updates.empty() ? "NOTHING" : "UPDATE SET " + updates);
}

// A primary key's cells as text, type included (1 and "1" differ), for telling rows apart.
using Key = std::string;
Key key_of(const std::vector<store::Value>& cells) {
  Key out;
  for (const auto& c : cells) out += cell_to_json(c).dump() + '\x1f';
  return out;
}

// Removes the rows the migrations seeded that the site had since removed (none in the backup).
void remove_seeded_leftovers(store::Tx& tx, const store::TableInfo& table, const std::set<Key>& loaded) {
  std::string where;
  for (std::size_t i = 0; i < table.primary_key.size(); ++i)
    where +=
        fmt::format("{}{} = ${}", i ? " AND " : "", store::quoted_identifier(table.primary_key[i]), i + 1);
  const std::string name = store::quoted_identifier(table.name);
  for (const auto& row : tx.exec("SELECT " + column_list(table.primary_key) + " FROM " + name).rows) {
    std::vector<store::Value> key;
    for (std::size_t i = 0; i < row.size(); ++i) key.push_back(row.cell(i));
    if (!loaded.contains(key_of(key))) tx.exec("DELETE FROM " + name + " WHERE " + where, key);
  }
}

std::int64_t load_rows(store::Tx& tx, BackupReader& in, const TableLine& line,
                       const store::TableInfo& table) {
  const std::string name = store::quoted_identifier(table.name);
  const bool seeded = !tx.exec("SELECT 1 FROM " + name + " LIMIT 1").empty();
  if (seeded && table.primary_key.empty()) tx.exec("DELETE FROM " + name);
  const std::string sql = insert_sql(table, line.columns, seeded);
  std::vector<std::size_t> key_at;
  for (const auto& k : table.primary_key)
    key_at.push_back(static_cast<std::size_t>(std::find(line.columns.begin(), line.columns.end(), k) -
                                              line.columns.begin()));
  std::set<Key> loaded;
  std::vector<store::Statement> batch;
  auto send = [&] {
    std::vector<const store::Statement*> statements;
    for (const auto& s : batch) statements.push_back(&s);
    try {
      tx.exec_all(statements);
    } catch (const store::DbError& e) {
      throw store::DbError(
          fmt::format("table {}, a row before line {}: {}", table.name, in.line_number() + 1, e.what()),
          e.constraint_violation());
    }
    batch.clear();
  };
  for (std::int64_t i = 0; i < line.rows; ++i) {
    auto cells = in.next(fmt::format("row {} of {} in table {}", i + 1, line.rows, table.name));
    if (!cells.is_array() || cells.size() != line.columns.size())
      throw BackupError(fmt::format("line {} should be a row of {} cells in table {}", in.line_number(),
                                    line.columns.size(), table.name));
    store::Statement row{sql, {}};
    for (const auto& c : cells) row.params.push_back(cell_from_json(c));
    if (seeded && !key_at.empty()) {
      std::vector<store::Value> key;
      for (auto at : key_at) key.push_back(row.params[at]);
      loaded.insert(key_of(key));
    }
    batch.push_back(std::move(row));
    if (batch.size() == kBatch) send();
  }
  if (!batch.empty()) send();
  if (seeded && !key_at.empty()) remove_seeded_leftovers(tx, table, loaded);
  auto count = tx.exec("SELECT COUNT(*) FROM " + name).one().integer(0);
  if (count != line.rows)
    throw BackupError(
        fmt::format("table {} has {} rows after loading the backup's {}", table.name, count, line.rows));
  return count;
}

// Loads every table the file holds, up to and including the trailer, whose totals it checks.
void load_tables(store::Tx& tx, BackupReader& in, const std::map<std::string, store::TableInfo>& schema,
                 RestoreSummary& summary) {
  std::set<std::string> loaded;
  for (;;) {
    auto line = in.next("a table or the end of the backup");
    if (line.is_object() && line.contains("end")) {
      if (line.at("tables").get<int>() != summary.tables ||
          line.at("rows").get<std::int64_t>() != summary.rows)
        throw BackupError("the backup's totals do not match the tables and rows it holds: it is damaged");
      break;
    }
    auto table = parse_table_line(line, in.line_number());
    auto it = schema.find(table.name);
    if (it == schema.end() || !loaded.insert(table.name).second)
      throw BackupError(
          fmt::format("line {}: table {} is {}", in.line_number(), table.name,
                      it == schema.end() ? "not made by the backup's schema versions" : "there twice"));
    check_columns(table, it->second);
    summary.rows += load_rows(tx, in, table, it->second);
    ++summary.tables;
  }
  if (!in.at_end()) throw BackupError("there is more after the backup's last line: the file is damaged");
  for (const auto& [name, table] : schema)
    if (!loaded.contains(name) && name != store::kRepairTable)  // none yet: migrate repairs, as on the site
      throw BackupError(
          fmt::format("the backup has no table {}, which its schema has: it is incomplete", name));
}

std::int64_t check_audit_chain(store::Tx& tx) {
  auto check = audit::verify_audit_chain(tx);
  if (!check.ok)
    throw BackupError(fmt::format("the audit log in the backup does not verify: entry {}: {}",
                                  check.first_bad_id.value_or(0), check.reason));
  return check.rows_checked;
}

}  // namespace

RestoreSummary restore_backup(const std::string& path, store::Db& db) {
  BackupReader in(path);
  try {
    const Header header = read_header(in, path);
    const auto migrations = migrations_for(header, db.engine());
    store::Tx tx = db.write();
    refuse_unless_empty(tx);
    store::migrate_empty(tx, migrations);
    std::map<std::string, store::TableInfo> schema;
    for (auto& t : store::list_tables(tx))
      if (t.name != "schema_migrations") schema.emplace(t.name, std::move(t));
    RestoreSummary summary{.source_engine = header.source_engine, .created_at = header.created_at};
    load_tables(tx, in, schema, summary);
    for (const auto& [name, table] : schema) store::restart_generated_ids(tx, table);
    if (schema.contains("audit_log")) summary.audit_entries = check_audit_chain(tx);
    tx.commit();
    return summary;
  } catch (const nlohmann::json::exception& e) {
    throw BackupError(
        fmt::format("{}: line {} is not as a backup writes it ({})", path, in.line_number(), e.what()));
  }
}

}  // namespace cw::app
