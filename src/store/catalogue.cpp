// Reads sqlite_master and the table pragmas on SQLite, information_schema and pg_constraint on
// PostgreSQL, into one shape.
#include "store/catalogue.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace cw::store {

namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

std::vector<TableInfo> sqlite_tables(Tx& tx) {
  auto all = tx.exec(
      "SELECT name, sql LIKE 'CREATE VIRTUAL%' FROM sqlite_master WHERE type = 'table' "
      "AND name NOT LIKE 'sqlite_%' ORDER BY name");
  std::vector<std::string> virtual_tables;
  for (const auto& r : all.rows)
    if (r.boolean(1)) virtual_tables.push_back(r.text(0));
  std::vector<TableInfo> out;
  for (const auto& r : all.rows) {
    auto name = r.text(0);
    bool derived = r.boolean(1);
    for (const auto& v : virtual_tables) derived = derived || name.starts_with(v + "_");
    if (derived) continue;
    TableInfo t{.name = name};
    std::map<std::int64_t, std::string> key;  // position in the key → column
    for (const auto& c :
         tx.run("SELECT name, type, pk FROM pragma_table_xinfo($1) WHERE hidden = 0", name).rows) {
      t.columns.push_back({c.text(0), upper(c.text(1)).find("BLOB") != std::string::npos});
      if (c.integer(2) > 0) key[c.integer(2)] = c.text(0);
    }
    for (const auto& entry : key) t.primary_key.push_back(entry.second);
    for (const auto& f : tx.run("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)", name).rows)
      t.references.push_back(f.text(0));
    std::sort(t.references.begin(), t.references.end());
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<TableInfo> postgres_tables(Tx& tx) {
  std::map<std::string, TableInfo> by_name;
  for (const auto& r : tx.exec("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                               "current_schema() AND table_type = 'BASE TABLE'")
                           .rows)
    by_name[r.text(0)].name = r.text(0);
  auto columns = tx.exec(
      "SELECT table_name, column_name, data_type, is_identity = 'YES' OR COALESCE(column_default, '') LIKE "
      "'nextval(%' "
      "FROM information_schema.columns WHERE table_schema = current_schema() AND is_generated = 'NEVER' "
      "ORDER BY table_name, ordinal_position");
  for (const auto& r : columns.rows) {
    auto it = by_name.find(r.text(0));
    if (it == by_name.end()) continue;  // a view's columns
    it->second.columns.push_back({r.text(1), r.text(2) == "bytea"});
    if (r.boolean(3)) it->second.identity = r.text(1);
  }
  auto keys = tx.exec(
      "SELECT k.table_name, k.column_name FROM information_schema.table_constraints c "
      "JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema "
      "AND k.constraint_name = c.constraint_name AND k.table_name = c.table_name "
      "WHERE c.table_schema = current_schema() AND c.constraint_type = 'PRIMARY KEY' "
      "ORDER BY k.table_name, k.ordinal_position");
  for (const auto& r : keys.rows)
    if (auto it = by_name.find(r.text(0)); it != by_name.end()) it->second.primary_key.push_back(r.text(1));
  auto references = tx.exec(
      "SELECT DISTINCT s.relname, d.relname FROM pg_constraint c JOIN pg_class s ON s.oid = c.conrelid "
      "JOIN pg_class d ON d.oid = c.confrelid JOIN pg_namespace n ON n.oid = s.relnamespace "
      "WHERE c.contype = 'f' AND n.nspname = current_schema() ORDER BY 1, 2");
  for (const auto& r : references.rows)
    if (auto it = by_name.find(r.text(0)); it != by_name.end()) it->second.references.push_back(r.text(1));
  std::vector<TableInfo> out;
  for (auto& [name, table] : by_name) out.push_back(std::move(table));
  return out;
}

}  // namespace

std::vector<TableInfo> list_tables(Tx& tx) {
  return tx.engine() == Engine::sqlite ? sqlite_tables(tx) : postgres_tables(tx);
}

std::string quoted_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void restart_generated_ids(Tx& tx, const TableInfo& table) {
  if (tx.engine() != Engine::postgresql || !table.identity) return;
  // is_called = false: the next nextval() returns this value itself, so an empty table starts at 1.
  tx.run("SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(" +
             quoted_identifier(*table.identity) + ") FROM " + quoted_identifier(table.name) +
             "), 0) + 1, false)",
         quoted_identifier(table.name), *table.identity);
}

}  // namespace cw::store
