// The migration runner: expands dialect words, picks each module's engine variants, recognises files
// that replace earlier ones, then applies missing files one transaction at a time, recording a SHA-256
// of each text as run so an edited, already-applied file is refused.
#include "store/migrate.h"

#include "common/encoding.h"
#include "store/advisory_lock.h"
#include "store/repair_text.h"

#include <sodium.h>

#include <fmt/format.h>
#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <sstream>

namespace cw::store {

namespace {

using Key = std::pair<std::string, std::string>;  // (module, name)
using Applied = std::map<Key, std::string>;       // → recorded sha256

constexpr std::string_view kIdWord = "{{id}}";
constexpr std::string_view kReplacesPrefix = "-- replaces ";

struct Variants {
  const std::string* portable = nullptr;
  const std::string* sqlite = nullptr;
  const std::string* pg = nullptr;
  std::string file;  // one of the file names, for messages
};

// "001_places" → 1; throws when the name does not start with digits and an underscore.
int number_of(const std::string& module, const std::string& name) {
  std::size_t digits = 0;
  while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') ++digits;
  if (digits == 0 || digits >= name.size() || name[digits] != '_' || digits > 9)
    throw DbError(fmt::format("migration {}/{}: file names must look like NNN_what.sql", module, name));
  return std::stoi(name.substr(0, digits));
}

bool is_sha256_hex(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// The `-- replaces ENGINE MODULE/NAME SHA256` lines of `sql` that concern `engine`.
std::vector<Replaced> replaced_in(const std::string& sql, Engine engine, const std::string& where) {
  std::vector<Replaced> out;
  std::istringstream lines(sql);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.starts_with(kReplacesPrefix)) continue;
    std::istringstream words(line.substr(kReplacesPrefix.size()));
    std::string on, id, hash, extra;
    bool ok = static_cast<bool>(words >> on >> id >> hash) && !(words >> extra);
    auto slash = id.find('/');
    if (!ok || (on != "sqlite" && on != "pg") || slash == std::string::npos || slash == 0 ||
        slash + 1 == id.size() || !is_sha256_hex(hash))
      throw DbError(fmt::format(
          "migration {}: a replaces line reads \"-- replaces sqlite|pg MODULE/NAME SHA256\", not \"{}\"",
          where, line));
    if ((on == "sqlite") == (engine == Engine::sqlite))
      out.push_back({id.substr(0, slash), id.substr(slash + 1), hash});
  }
  return out;
}

const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, name TEXT NOT NULL, "
    "sha256 TEXT NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (module, name))";

std::int64_t now_seconds() {
  return static_cast<std::int64_t>(std::time(nullptr));
}

void apply_one(Db& db, const Migration& m, const std::string& hash, MigrateReport& report) {
  std::string id = m.module + "/" + m.name;
  try {
    Tx tx = db.write();
    // Checked again inside the write transaction, in case another process applied it meanwhile.
    auto done =
        tx.run("SELECT sha256 FROM schema_migrations WHERE module = $1 AND name = $2", m.module, m.name);
    if (!done.empty()) {
      if (done.one().text(0) != hash) throw DbError("it has changed since it was applied");
      ++report.already;
      return;
    }
    tx.exec_script(m.sql);
    tx.run("INSERT INTO schema_migrations (module, name, sha256, applied_at) VALUES ($1, $2, $3, $4)",
           m.module, m.name, hash, now_seconds());
    tx.commit();
    report.applied.push_back(id);
  } catch (const DbError& e) {
    throw DbError(fmt::format("migration {} failed: {}", id, e.what()), e.constraint_violation());
  }
}

enum class State { already, recognised, pending };

// Where `m` stands on a database that recorded `applied`; throws when the two cannot be reconciled.
// `consumed` collects the applied rows that a recognised migration stands for.
State classify(const Migration& m, const std::string& hash, const Applied& applied, std::set<Key>& consumed) {
  auto replaces = [&](const Key& key, const std::string& sha) {
    return std::any_of(m.replaces.begin(), m.replaces.end(), [&](const Replaced& r) {
      return r.module == key.first && r.name == key.second && r.sha256 == sha;
    });
  };
  auto own = applied.find({m.module, m.name});
  if (own != applied.end()) {
    if (own->second == hash) return State::already;
    if (replaces(own->first, own->second)) return consumed.insert(own->first), State::recognised;
    throw DbError(
        fmt::format("migration {}/{} has changed since it was applied (sha256 {} then, {} now); "
                    "add a new migration instead of editing an applied one",
                    m.module, m.name, own->second, hash));
  }
  for (const auto& r : m.replaces) {
    auto found = applied.find({r.module, r.name});
    if (found == applied.end()) continue;
    if (found->second != r.sha256)
      throw DbError(fmt::format(
          "migration {}/{} replaces {}/{}, but this database applied another text of it (sha256 {}, not {})",
          m.module, m.name, r.module, r.name, found->second, r.sha256));
    consumed.insert(found->first);
    return State::recognised;
  }
  return State::pending;
}

// Records the recognised migrations under their own names and hashes, and removes the rows they
// replace under other names, in one transaction.
void record_recognised(Db& db, const std::vector<const Migration*>& recognised,
                       const std::vector<std::string>& hashes, const std::set<Key>& consumed,
                       const std::set<Key>& current) {
  in_write(db, [&](Tx& tx) {
    for (std::size_t i = 0; i < recognised.size(); ++i)
      tx.run(
          "INSERT INTO schema_migrations (module, name, sha256, applied_at) VALUES ($1, $2, $3, $4) "
          "ON CONFLICT (module, name) DO UPDATE SET sha256 = excluded.sha256",
          recognised[i]->module, recognised[i]->name, hashes[i], now_seconds());
    for (const auto& key : consumed)
      if (!current.contains(key))
        tx.run("DELETE FROM schema_migrations WHERE module = $1 AND name = $2", key.first, key.second);
  });
}

}  // namespace

std::string migration_hash(const std::string& text) {
  return sha256_hex(text);
}

std::string expand_dialect_words(const std::string& sql, Engine engine, const std::string& where) {
  std::string out;
  std::size_t from = 0;
  for (auto at = sql.find("{{"); at != std::string::npos; at = sql.find("{{", from)) {
    out.append(sql, from, at - from);
    if (sql.compare(at, kIdWord.size(), kIdWord) != 0) {
      auto end = sql.find("}}", at);
      throw DbError(fmt::format("migration {}: unknown dialect word {}; the only one is {{{{id}}}}", where,
                                sql.substr(at, end == std::string::npos ? 12 : end + 2 - at)));
    }
    out += engine == Engine::sqlite ? "INTEGER PRIMARY KEY"
                                    : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    from = at + kIdWord.size();
  }
  out.append(sql, from);
  return out;
}

std::vector<Migration> migrations_from_files(const std::string& module, Engine engine,
                                             const std::vector<std::pair<std::string, std::string>>& files) {
  std::map<std::pair<int, std::string>, Variants> by_name;
  for (const auto& [file, content] : files) {
    if (!file.ends_with(".sql")) continue;  // READMEs and the like live beside migrations
    std::string base = file.substr(0, file.size() - 4);
    enum { portable, sqlite, pg } kind = portable;
    if (base.ends_with(".sqlite")) {
      base.resize(base.size() - 7);
      kind = sqlite;
    } else if (base.ends_with(".pg")) {
      base.resize(base.size() - 3);
      kind = pg;
    }
    auto& v = by_name[{number_of(module, base), base}];
    const std::string*& target = kind == sqlite ? v.sqlite : kind == pg ? v.pg : v.portable;
    if (target) throw DbError(fmt::format("migration {}/{}: two files for one variant", module, file));
    target = &content;
    v.file = file;
  }
  std::vector<Migration> out;
  int previous = -1;
  for (const auto& [key, v] : by_name) {
    if (key.first == previous)
      throw DbError(
          fmt::format("migration {}/{}: two migrations share the number {}", module, key.second, key.first));
    previous = key.first;
    const std::string* chosen = engine == Engine::sqlite ? v.sqlite : v.pg;
    if (!chosen) chosen = v.portable;
    if (!chosen)
      throw DbError(fmt::format("migration {}/{}: no {} variant and no portable .sql file", module, v.file,
                                engine == Engine::sqlite ? ".sqlite.sql" : ".pg.sql"));
    std::string where = module + "/" + key.second;
    out.push_back({module, key.second, expand_dialect_words(*chosen, engine, where),
                   replaced_in(*chosen, engine, where)});
  }
  return out;
}

void migrate_empty(Tx& tx, const std::vector<Migration>& migrations) {
  if (sodium_init() < 0) throw DbError("libsodium failed to initialise");
  tx.exec_script(kCreateTable);
  for (const auto& m : migrations) {
    try {
      tx.exec_script(m.sql);
      tx.run("INSERT INTO schema_migrations (module, name, sha256, applied_at) VALUES ($1, $2, $3, $4)",
             m.module, m.name, migration_hash(m.sql), now_seconds());
    } catch (const DbError& e) {
      throw DbError(fmt::format("migration {}/{} failed: {}", m.module, m.name, e.what()),
                    e.constraint_violation());
    }
  }
  create_repair_record(tx);
}

MigrateReport migrate(Db& db, const std::vector<Migration>& migrations) {
  if (sodium_init() < 0) throw DbError("libsodium failed to initialise");
  // App servers started together on one PostgreSQL all migrate at start: without the lock two would run
  // the same CREATE TABLE and one would fail to start ("relation already exists").
  auto lock = AdvisoryLock::take(db, "commonweal.migrate");
  in_write(db, [](Tx& tx) { tx.exec_script(kCreateTable); });
  Applied applied;
  in_read(db, [&](Tx& tx) {
    for (const auto& row : tx.exec("SELECT module, name, sha256 FROM schema_migrations").rows)
      applied[{row.text(0), row.text(1)}] = row.text(2);
  });
  // Decide every file's state before writing anything: a changed file means the schema no longer
  // matches the code, and recognition must read the rows as they were before any is re-recorded.
  std::vector<std::string> hashes;
  std::vector<State> states;
  std::set<Key> consumed, current;
  for (const auto& m : migrations) {
    hashes.push_back(migration_hash(m.sql));
    states.push_back(classify(m, hashes.back(), applied, consumed));
    current.insert({m.module, m.name});
  }
  MigrateReport report;
  std::vector<const Migration*> recognised;
  std::vector<std::string> recognised_hashes;
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (states[i] == State::already) ++report.already;
    if (states[i] != State::recognised) continue;
    recognised.push_back(&migrations[i]);
    recognised_hashes.push_back(hashes[i]);
    report.recognised.push_back(migrations[i].module + "/" + migrations[i].name);
  }
  if (!recognised.empty()) record_recognised(db, recognised, recognised_hashes, consumed, current);
  for (std::size_t i = 0; i < migrations.size(); ++i)
    if (states[i] == State::pending) apply_one(db, migrations[i], hashes[i], report);
  repair_stored_text(db);
  lock.release();
  return report;
}

}  // namespace cw::store
