#include "store/repair_text.h"

#include <cstdio>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/text.h"

namespace cw::store {

namespace {

constexpr const char* kRepair = "v1-utf8-and-controls";

std::string quoted(const std::string& name) {
  return "\"" + name + "\"";
}

// (table, column) of every text column, except the audit log's and the bookkeeping tables'.
std::vector<std::pair<std::string, std::string>> text_columns(Tx& tx) {
  static const std::set<std::string> kept{"audit_log", "audit_head", "schema_migrations", "text_repairs"};
  std::vector<std::pair<std::string, std::string>> out;
  if (tx.engine() == Engine::sqlite) {
    std::vector<std::string> virtual_tables;
    for (const auto& r :
         tx.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'").rows)
      virtual_tables.push_back(r.text(0));
    auto rows = tx.exec(
        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND "
        "m.name NOT LIKE 'sqlite_%' AND m.sql NOT LIKE 'CREATE VIRTUAL%' AND UPPER(p.type) LIKE '%TEXT%'");
    for (const auto& r : rows.rows) {
      auto table = r.text(0);
      bool shadow = false;  // a full-text index's own tables
      for (const auto& v : virtual_tables) shadow = shadow || table.starts_with(v + "_");
      if (!shadow && !kept.contains(table)) out.emplace_back(table, r.text(1));
    }
  } else {
    auto rows = tx.exec(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() "
        "AND data_type IN ('text', 'character varying')");
    for (const auto& r : rows.rows)
      if (!kept.contains(r.text(0))) out.emplace_back(r.text(0), r.text(1));
  }
  return out;
}

int repair_column(Db& db, const std::string& table, const std::string& column) {
  return in_write(db, [&](Tx& tx) {
    int changed = 0;
    auto values = tx.exec("SELECT DISTINCT " + quoted(column) + " FROM " + quoted(table) + " WHERE " +
                          quoted(column) + " IS NOT NULL");
    for (const auto& r : values.rows) {
      auto before = r.text(0);
      auto after = text::xml_safe(before);
      if (after == before) continue;
      tx.run("UPDATE " + quoted(table) + " SET " + quoted(column) + " = $1 WHERE " + quoted(column) + " = $2",
             after, before);
      ++changed;
    }
    return changed;
  });
}

}  // namespace

void create_repair_record(Tx& tx) {
  tx.exec("CREATE TABLE IF NOT EXISTS text_repairs (name TEXT PRIMARY KEY, done_at BIGINT NOT NULL)");
}

int repair_stored_text(Db& db) {
  bool done = in_write(db, [](Tx& tx) {
    create_repair_record(tx);
    return !tx.run("SELECT 1 FROM text_repairs WHERE name = $1", kRepair).empty();
  });
  if (done) return 0;
  int changed = 0;
  for (const auto& [table, column] : in_read(db, [](Tx& tx) { return text_columns(tx); })) {
    try {
      changed += repair_column(db, table, column);
    } catch (const DbError& e) {
      std::fprintf(stderr,
                   "{\"level\":\"warning\",\"repair\":\"%s.%s\",\"error\":\"could not repair: %s\"}\n",
                   table.c_str(), column.c_str(), e.what());
    }
  }
  in_write(db, [](Tx& tx) {
    tx.run("INSERT INTO text_repairs (name, done_at) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING", kRepair);
  });
  return changed;
}

}  // namespace cw::store
