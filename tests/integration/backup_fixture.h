// What the backup tests share: every row of a site read independently of the backup code (so a
// restored site can be compared with its source whatever each engine's row order), the tables a
// database has, and backup files opened up and rewritten to damage them on purpose.
#pragma once
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "store/db.h"
#include "test_server.h"

namespace cw::testing {

using Cells = std::vector<store::Value>;
using Rows = std::vector<Cells>;
using SiteRows = std::map<std::string, Rows>;  // table → its rows, sorted

// An order for rows, whose cells may be null (std::variant's own < would compare two nulls).
inline bool cell_less(const store::Value& a, const store::Value& b) {
  if (a.index() != b.index()) return a.index() < b.index();
  if (std::holds_alternative<std::nullptr_t>(a)) return false;
  return std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>)
          return false;
        else
          return x < std::get<T>(b);
      },
      a);
}
inline bool row_less(const Cells& a, const Cells& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), cell_less);
}

// Every table of the database, the engine's own included (SQLite's full-text and R*Tree tables too).
inline std::set<std::string> all_tables(store::Tx& tx) {
  std::set<std::string> out;
  auto sql = tx.engine() == store::Engine::sqlite
                 ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                 : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()";
  for (const auto& row : tx.exec(sql).rows) out.insert(row.text(0));
  return out;
}

inline std::int64_t table_count(store::Db& db) {
  return store::in_read(db, [](store::Tx& tx) { return static_cast<std::int64_t>(all_tables(tx).size()); });
}

// SQLite's index tables are kept by triggers from other tables and have no PostgreSQL twin.
inline bool sqlite_index_table(const std::string& name) {
  return name.starts_with("search_fts") || name.starts_with("assets_rtree");
}

// Column names, sorted (the engines may list them in another order); PostgreSQL's generated
// full-text column is computed, so it is left out as SQLite has no such column.
inline std::vector<std::string> columns_of(store::Tx& tx, const std::string& table) {
  std::vector<std::string> out;
  auto sql = tx.engine() == store::Engine::sqlite
                 ? "SELECT name FROM pragma_table_info($1)"
                 : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                   "AND table_name = $1 AND is_generated = 'NEVER'";
  for (const auto& row : tx.run(sql, table).rows) out.push_back(row.text(0));
  std::sort(out.begin(), out.end());
  return out;
}

// Every row of every data table. schema_migrations is compared by name only (schema_versions): each
// engine records the hash of its own text and the time it ran.
inline SiteRows site_rows(store::Db& db) {
  return store::in_read(db, [](store::Tx& tx) {
    SiteRows out;
    for (const auto& table : all_tables(tx)) {
      if (table == "schema_migrations" || sqlite_index_table(table)) continue;
      std::string list;
      for (const auto& c : columns_of(tx, table)) list += (list.empty() ? "\"" : ", \"") + c + "\"";
      auto& rows = out[table];
      for (const auto& row : tx.exec("SELECT " + list + " FROM \"" + table + "\"").rows) {
        Cells cells;
        for (std::size_t i = 0; i < row.size(); ++i) cells.push_back(row.cell(i));
        rows.push_back(std::move(cells));
      }
      std::sort(rows.begin(), rows.end(), row_less);
    }
    return out;
  });
}

// Compares two sites table by table, naming the table and the first row that differs rather than
// printing whole sites.
inline void expect_same_rows(const SiteRows& got, const SiteRows& want) {
  std::set<std::string> got_tables, want_tables;
  for (const auto& [name, rows] : got) got_tables.insert(name);
  for (const auto& [name, rows] : want) want_tables.insert(name);
  EXPECT_EQ(got_tables, want_tables);
  for (const auto& [name, rows] : want) {
    if (!got.contains(name)) continue;
    const auto& copy = got.at(name);
    EXPECT_EQ(copy.size(), rows.size()) << name;
    auto [a, b] = std::mismatch(copy.begin(), copy.end(), rows.begin(), rows.end());
    if (a != copy.end() && b != rows.end())
      ADD_FAILURE() << name << ": row " << (a - copy.begin()) << " differs, " << ::testing::PrintToString(*a)
                    << " where the source has " << ::testing::PrintToString(*b);
  }
}

inline std::set<std::string> schema_versions(store::Db& db) {
  return store::in_read(db, [](store::Tx& tx) {
    std::set<std::string> out;
    for (const auto& row : tx.exec("SELECT module, name FROM schema_migrations").rows)
      out.insert(row.text(0) + "/" + row.text(1));
    return out;
  });
}

// A path for a backup file in this process's temp directory.
inline std::string backup_path(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("cw-backup-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::filesystem::remove(path);
  return path.string();
}

// The lines of a backup file, decompressed.
inline std::vector<std::string> backup_lines(const std::string& path) {
  gzFile in = gzopen(path.c_str(), "rb");
  EXPECT_NE(in, nullptr) << path;
  std::string text;
  char buffer[1 << 15];
  for (int n; in && (n = gzread(in, buffer, sizeof buffer)) > 0;)
    text.append(buffer, static_cast<std::size_t>(n));
  if (in) gzclose(in);
  std::vector<std::string> out;
  for (std::size_t from = 0, end; (end = text.find('\n', from)) != std::string::npos; from = end + 1)
    out.push_back(text.substr(from, end - from));
  return out;
}

inline void write_backup_lines(const std::string& path, const std::vector<std::string>& lines) {
  gzFile out = gzopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr) << path;
  for (const auto& line : lines) {
    std::string text = line + "\n";
    gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
  }
  gzclose(out);
}

}  // namespace cw::testing
