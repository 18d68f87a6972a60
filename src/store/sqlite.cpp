// SQLite engine: one writer connection (BEGIN IMMEDIATE, serialised by a mutex) and a lazily grown pool
// of query-only reader connections, all in WAL mode so readers never block the writer or each other.
// The writer's commits are durable when Tx::commit returns, but it flushes the log after handing the
// writer on (SqliteLogSync), so one transaction's disk flush overlaps the next one's work; and the log is
// copied back into the database file on a thread of its own (SqliteCheckpointer).
#include <sqlite3.h>

#include <algorithm>

#include <fmt/format.h>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "store/engine.h"
#include "store/sqlite_checkpointer.h"
#include "store/sqlite_log_sync.h"

namespace cw::store {

namespace {

constexpr auto kWaitLimit = std::chrono::seconds(10);

// A full disk, a failing disk or a lock held too long pass (once space is freed, or the other writer
// is done), so they are "unavailable" rather than a fault in the statement.
DbError::Cause cause_of(int extended_code) {
  switch (extended_code & 0xff) {
    case SQLITE_CONSTRAINT:
      return DbError::Cause::constraint;
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_CANTOPEN:
      return DbError::Cause::unavailable;
    default:
      return DbError::Cause::statement;
  }
}

class SqliteConn final : public Connection {
 public:
  // The writer, given the log's flusher and checkpointer; a reader when they are null.
  SqliteConn(const std::string& path, std::shared_ptr<SqliteLogSync> log_sync,
             std::shared_ptr<SqliteCheckpointer> checkpointer)
      : log_sync_(std::move(log_sync)), checkpointer_(std::move(checkpointer)) {
    bool reader = !log_sync_;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw DbError(fmt::format("cannot open SQLite database {}: {}", path, msg), cause_of(rc));
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
    try {
      // NORMAL: COMMIT writes the log and commit() below flushes it (readers never commit anything).
      if (!reader) exec_script("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");
      // Replaces SQLite's own checkpoint after each commit (wal_autocheckpoint) with ours.
      if (checkpointer_) sqlite3_wal_hook(db_, &SqliteCheckpointer::wal_hook, checkpointer_.get());
      // Deleted rows are overwritten with zeros rather than left in free pages, so a replaced ballot, a
      // paper ballot's entries or an erased account leave nothing to read from the file afterwards.
      exec_script("PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON");
      // Readers must not write: a write in db.read() fails here just as READ ONLY fails on PostgreSQL.
      if (reader) exec_script("PRAGMA query_only=ON");
    } catch (...) {
      sqlite3_close_v2(db_);
      throw;
    }
  }
  ~SqliteConn() override {
    for (auto& [sql, prepared] : stmts_) sqlite3_finalize(prepared.stmt);
    sqlite3_close_v2(db_);
  }
  SqliteConn(const SqliteConn&) = delete;
  SqliteConn& operator=(const SqliteConn&) = delete;

  Result exec(std::string_view sql, const std::vector<Value>& params) override;
  void exec_script(std::string_view sql) override;
  std::function<void()> commit() override {
    exec_script("COMMIT");
    if (!log_sync_) return {};
    return [sync = log_sync_, ticket = log_sync_->committed()] { sync->flush(ticket); };
  }
  void rollback() noexcept override {
    if (sqlite3_get_autocommit(db_)) return;
    if (sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr) != SQLITE_OK) broken = true;
  }

 private:
  [[noreturn]] void fail(std::string_view sql) const {
    int code = sqlite3_extended_errcode(db_);
    throw DbError(fmt::format("{} (in: {})", sqlite3_errmsg(db_), sql_excerpt(sql)), cause_of(code));
  }
  // A statement prepared once per connection, with what every run of it needs worked out up front.
  struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    std::vector<int> slots;  // SQLite's index for $1…$n, in order; 0 where a parameter is unused
    std::shared_ptr<const std::vector<std::string>> columns;
  };
  const Prepared& prepare(std::string_view sql);
  static std::vector<int> parameter_slots(sqlite3_stmt* stmt, std::string_view sql);
  void bind(const Prepared& p, std::string_view sql, const std::vector<Value>& params);
  static Value column(sqlite3_stmt* stmt, int i);

  sqlite3* db_ = nullptr;
  std::shared_ptr<SqliteLogSync> log_sync_;  // the writer's
  std::shared_ptr<SqliteCheckpointer> checkpointer_;
  std::unordered_map<std::string, Prepared> stmts_;
};

const SqliteConn::Prepared& SqliteConn::prepare(std::string_view sql) {
  auto it = stmts_.find(std::string(sql));
  if (it != stmts_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                         &tail) != SQLITE_OK)
    fail(sql);
  for (const char* p = tail; p && p < sql.data() + sql.size(); ++p) {
    if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') {
      sqlite3_finalize(stmt);
      throw DbError(
          fmt::format("exec runs one statement; use exec_script for several (in: {})", sql_excerpt(sql)));
    }
  }
  if (!stmt) throw DbError("empty statement");
  Prepared prepared{stmt, {}, {}};
  try {
    prepared.slots = parameter_slots(stmt, sql);
  } catch (...) {
    sqlite3_finalize(stmt);
    throw;
  }
  auto columns = std::make_shared<std::vector<std::string>>();
  for (int i = 0; i < sqlite3_column_count(stmt); ++i) columns->emplace_back(sqlite3_column_name(stmt, i));
  prepared.columns = std::move(columns);
  return stmts_.emplace(std::string(sql), std::move(prepared)).first->second;
}

std::vector<int> SqliteConn::parameter_slots(sqlite3_stmt* stmt, std::string_view sql) {
  // Every placeholder must be $1…$n, as PostgreSQL insists.
  int count = sqlite3_bind_parameter_count(stmt);
  std::size_t highest = 0;
  for (int i = 1; i <= count; ++i) {
    const char* name = sqlite3_bind_parameter_name(stmt, i);
    std::size_t n = 0;
    if (name && name[0] == '$') {
      std::string_view digits(name + 1);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (ec != std::errc() || end != digits.data() + digits.size()) n = 0;
    }
    if (n == 0)
      throw DbError(fmt::format("placeholders must be $1, $2 …; found {} (in: {})", name ? name : "?",
                                sql_excerpt(sql)));
    highest = std::max(highest, n);
  }
  std::vector<int> slots(highest, 0);
  for (int i = 1; i <= count; ++i)
    slots[static_cast<std::size_t>(std::atoi(sqlite3_bind_parameter_name(stmt, i) + 1)) - 1] = i;
  return slots;
}

void SqliteConn::bind(const Prepared& prepared, std::string_view sql, const std::vector<Value>& params) {
  if (prepared.slots.size() != params.size())
    throw DbError(fmt::format("statement uses {} parameters but {} were given (in: {})",
                              prepared.slots.size(), params.size(), sql_excerpt(sql)));
  sqlite3_stmt* stmt = prepared.stmt;
  for (std::size_t p = 0; p < params.size(); ++p) {
    int idx = prepared.slots[p];
    if (idx == 0) continue;  // $p unused; PostgreSQL would reject this too, but only when it cannot type it
    const Value& v = params[p];
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::nullptr_t>(v))
      rc = sqlite3_bind_null(stmt, idx);
    else if (auto* n = std::get_if<std::int64_t>(&v))
      rc = sqlite3_bind_int64(stmt, idx, *n);
    else if (auto* d = std::get_if<double>(&v))
      rc = sqlite3_bind_double(stmt, idx, *d);
    else {
      const auto& s = std::get<std::string>(v);
      // STATIC, not a copy: `params` outlives the statement's run, and exec clears the bindings before
      // it returns (a mail body is a kilobyte or two, copied for nothing).
      rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
    }
    if (rc != SQLITE_OK) fail(sql);
  }
}

Value SqliteConn::column(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return std::int64_t{sqlite3_column_int64(stmt, i)};
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    case SQLITE_NULL:
      return nullptr;
    case SQLITE_BLOB: {
      auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
      return std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
    }
    default: {
      auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
    }
  }
}

Result SqliteConn::exec(std::string_view sql, const std::vector<Value>& params) {
  const Prepared& prepared = prepare(sql);
  sqlite3_stmt* stmt = prepared.stmt;
  struct Reset {
    sqlite3_stmt* s;
    ~Reset() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } reset{stmt};
  bind(prepared, sql, params);
  Result out;
  int ncols = sqlite3_column_count(stmt);
  // The names are cached with the statement; a schema change that re-prepares it can change them.
  auto names = prepared.columns;
  if (static_cast<int>(names->size()) != ncols) {
    auto fresh = std::make_shared<std::vector<std::string>>();
    for (int i = 0; i < ncols; ++i) fresh->emplace_back(sqlite3_column_name(stmt, i));
    names = std::move(fresh);
  }
  auto before = sqlite3_total_changes64(db_);
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail(sql);
    std::vector<Value> cells;
    cells.reserve(static_cast<std::size_t>(ncols));
    for (int i = 0; i < ncols; ++i) cells.push_back(column(stmt, i));
    out.rows.emplace_back(names, std::move(cells));
  }
  // changes() keeps the count of the last INSERT/UPDATE/DELETE, so only trust it when this one changed rows.
  if (!sqlite3_stmt_readonly(stmt) && sqlite3_total_changes64(db_) != before)
    out.affected = sqlite3_changes64(db_);
  return out;
}

void SqliteConn::exec_script(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw DbError(msg, cause_of(sqlite3_extended_errcode(db_)));
  }
}

class SqliteDb final : public Db {
 public:
  SqliteDb(std::string path, int pool_size)
      : path_(std::move(path)),
        pool_size_(pool_size),
        log_sync_(std::make_shared<SqliteLogSync>(path_)),
        checkpointer_(std::make_shared<SqliteCheckpointer>(path_)) {
    writer_ = std::make_unique<SqliteConn>(path_, log_sync_, checkpointer_);
  }
  ~SqliteDb() override = default;

  Engine engine() const override { return Engine::sqlite; }
  Tx write() override;
  Tx read() override;
  PoolStats pool_stats() const override {
    std::lock_guard lock(mu_);
    return {.connections = readers_open_ + (writer_ || writer_busy_ ? 1 : 0),
            .in_use = readers_busy_ + (writer_busy_ ? 1 : 0)};
  }
  void close() override {
    std::vector<std::unique_ptr<Connection>> closing;
    std::lock_guard lock(mu_);
    ++generation_;
    for (auto& c : idle_readers_) closing.push_back(std::move(c));
    readers_open_ -= static_cast<int>(idle_readers_.size());
    idle_readers_.clear();
    if (writer_) closing.push_back(std::move(writer_));
    checkpointer_->stop();
  }

 private:
  Tx begin(std::unique_ptr<Connection> conn, const char* sql, bool writer);
  void give_back(std::unique_ptr<Connection> conn, bool writer);

  std::string path_;
  int pool_size_;
  std::shared_ptr<SqliteLogSync> log_sync_;
  std::shared_ptr<SqliteCheckpointer> checkpointer_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::unique_ptr<Connection> writer_;  // null while a write Tx holds it (or after close())
  bool writer_busy_ = false;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  int readers_open_ = 0;
  int readers_busy_ = 0;
  std::uint64_t generation_ = 0;
};

Tx SqliteDb::begin(std::unique_ptr<Connection> conn, const char* sql, bool writer) {
  auto lease = std::make_unique<Tx::Lease>(Engine::sqlite, std::move(conn),
                                           [this, writer](auto c) { give_back(std::move(c), writer); });
  lease->conn->exec_script(sql);  // on failure the lease hands the connection back
  return Tx(std::move(lease));
}

Tx SqliteDb::write() {
  std::unique_ptr<Connection> conn;
  std::uint64_t gen = 0;
  {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, kWaitLimit, [&] { return !writer_busy_; }))
      throw DbError("timed out waiting for the SQLite writer (is a write transaction left open?)",
                    DbError::Cause::unavailable);
    writer_busy_ = true;
    conn = std::move(writer_);
    gen = generation_;
  }
  if (!conn) {
    try {
      conn = std::make_unique<SqliteConn>(path_, log_sync_, checkpointer_);
      conn->generation = gen;
    } catch (...) {
      give_back(nullptr, true);
      throw;
    }
  }
  return begin(std::move(conn), "BEGIN IMMEDIATE", true);
}

Tx SqliteDb::read() {
  std::unique_ptr<Connection> conn;
  std::uint64_t gen = 0;
  {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, kWaitLimit, [&] { return !idle_readers_.empty() || readers_open_ < pool_size_; }))
      throw DbError(fmt::format("all {} SQLite reader connections stayed busy for {} s", pool_size_,
                                kWaitLimit.count()),
                    DbError::Cause::unavailable);
    ++readers_busy_;
    gen = generation_;
    if (!idle_readers_.empty()) {
      conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    } else {
      ++readers_open_;  // reserve the slot before opening outside the lock
    }
  }
  if (!conn) {
    try {
      conn = std::make_unique<SqliteConn>(path_, nullptr, nullptr);
      conn->generation = gen;
    } catch (...) {
      give_back(nullptr, false);
      throw;
    }
  }
  return begin(std::move(conn), "BEGIN", false);
}

void SqliteDb::give_back(std::unique_ptr<Connection> conn, bool writer) {
  std::unique_ptr<Connection> drop;
  {
    std::lock_guard lock(mu_);
    bool keep = conn && !conn->broken && conn->generation == generation_;
    if (writer) {
      writer_busy_ = false;
      if (keep) writer_ = std::move(conn);
    } else {
      --readers_busy_;
      if (keep)
        idle_readers_.push_back(std::move(conn));
      else
        --readers_open_;
    }
    drop = std::move(conn);
  }
  cv_.notify_all();
}

}  // namespace

std::unique_ptr<Db> open_sqlite(const std::string& url, const std::string& path, int pool_size) {
  try {
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    return std::make_unique<SqliteDb>(path, pool_size);
  } catch (const std::filesystem::filesystem_error& e) {
    throw DbError(fmt::format("database URL \"{}\": cannot create the directory: {}", url, e.what()));
  } catch (const DbError& e) {
    throw DbError(fmt::format("database URL \"{}\": {}", url, e.what()));
  }
}

}  // namespace cw::store
