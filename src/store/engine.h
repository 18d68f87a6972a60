// Internal to src/store: the engine connection interface behind Tx, and the Db factories.
// Thread-safety: a Connection is used by one thread at a time (the pool hands it to one Tx); nothing here
// is shared without the owning Db's mutex.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"

namespace cw::store {

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Result exec(std::string_view sql, const std::vector<Value>& params) = 0;
  virtual void exec_script(std::string_view sql) = 0;
  // One statement after another; PostgreSQL overrides it to send them all at once.
  virtual std::vector<Result> exec_all(const std::vector<const Statement*>& statements) {
    std::vector<Result> out;
    out.reserve(statements.size());
    for (const auto* s : statements) out.push_back(exec(s->sql, s->params));
    return out;
  }
  // Ends any open transaction; never throws. Marks the connection broken when that fails.
  virtual void rollback() noexcept = 0;
  // Commits. What it returns, if anything, must run once the connection has been handed back and before
  // the commit is reported: SQLite's sync of its log, kept out of the writer's turn so the next writer
  // can go on while the disk flushes.
  virtual std::function<void()> commit() {
    exec_script("COMMIT");
    return {};
  }

  // A broken connection is dropped by its pool instead of being reused.
  bool broken = false;
  // Pools discard connections from before the last Db::close() when they come back.
  std::uint64_t generation = 0;
};

// Owns a pooled connection for the life of one Tx and hands it back on destruction.
struct Tx::Lease {
  using GiveBack = std::function<void(std::unique_ptr<Connection>)>;
  Lease(Engine e, std::unique_ptr<Connection> c, GiveBack g)
      : engine(e), conn(std::move(c)), give_back(std::move(g)) {}
  ~Lease() {
    if (conn) give_back(std::move(conn));
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;

  Engine engine;
  std::unique_ptr<Connection> conn;
  GiveBack give_back;
  // Set after any failed statement: PostgreSQL aborts the transaction then, so both engines refuse to go on.
  bool failed = false;
};

std::unique_ptr<Db> open_sqlite(const std::string& url, const std::string& path, int pool_size);
std::unique_ptr<Db> open_postgres(const std::string& url, int pool_size);

// The URL with any password replaced by "***", for error messages and logs.
std::string redact_url(const std::string& url);
// At most 200 characters of a statement, for error messages.
std::string sql_excerpt(std::string_view sql);

}  // namespace cw::store
