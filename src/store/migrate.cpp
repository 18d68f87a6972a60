// The migration runner: picks each module's dialect variants, then applies missing files one transaction
// at a time, recording a SHA-256 of each so an edited, already-applied file is refused.
#include "store/migrate.h"

#include <sodium.h>

#include <fmt/format.h>
#include <algorithm>
#include <ctime>
#include <map>

namespace cw::store {

namespace {

std::string sha256_hex(const std::string& text) {
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

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

const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, name TEXT NOT NULL, "
    "sha256 TEXT NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (module, name))";

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
           m.module, m.name, hash, static_cast<std::int64_t>(std::time(nullptr)));
    tx.commit();
    report.applied.push_back(id);
  } catch (const DbError& e) {
    throw DbError(fmt::format("migration {} failed: {}", id, e.what()), e.constraint_violation());
  }
}

}  // namespace

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
    out.push_back({module, key.second, *chosen});
  }
  return out;
}

MigrateReport migrate(Db& db, const std::vector<Migration>& migrations) {
  if (sodium_init() < 0) throw DbError("libsodium failed to initialise");
  in_write(db, [](Tx& tx) { tx.exec_script(kCreateTable); });
  std::map<std::pair<std::string, std::string>, std::string> applied;
  in_read(db, [&](Tx& tx) {
    for (const auto& row : tx.exec("SELECT module, name, sha256 FROM schema_migrations").rows)
      applied[{row.text(0), row.text(1)}] = row.text(2);
  });
  // Refuse before applying anything: a changed file means the schema no longer matches the code.
  std::vector<std::string> hashes;
  for (const auto& m : migrations) {
    hashes.push_back(sha256_hex(m.sql));
    auto it = applied.find({m.module, m.name});
    if (it != applied.end() && it->second != hashes.back())
      throw DbError(
          fmt::format("migration {}/{} has changed since it was applied (sha256 {} then, {} now); "
                      "add a new migration instead of editing an applied one",
                      m.module, m.name, it->second, hashes.back()));
  }
  MigrateReport report;
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    const auto& m = migrations[i];
    if (applied.contains({m.module, m.name})) {
      ++report.already;
      continue;
    }
    apply_one(db, m, hashes[i], report);
  }
  return report;
}

}  // namespace cw::store
