// The storage layer: one interface over SQLite (embedded, the default) and PostgreSQL.
// SQL is written once with $1, $2 … placeholders and runs unchanged on both engines.
//
// Thread-safety: a Db is shared by all threads. A Tx belongs to the thread that opened it and must not
// outlive its Db. Write transactions are serialised on SQLite (one writer connection, BEGIN IMMEDIATE);
// read transactions run in parallel on pooled connections on both engines.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace cw::store {

enum class Engine { sqlite, postgresql };

// A bound parameter or a cell value. Text is UTF-8. Booleans are stored as integers 0/1.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// One result row. Column access is by index (as in the SELECT list) or by name.
// Getters convert where it is lossless (PostgreSQL sends text; "42" reads as 42).
// REQUIRES: the column exists; getters other than is_null/opt_* require a non-null value.
class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> cells);
  std::size_t size() const { return cells_.size(); }
  bool is_null(std::size_t i) const;
  std::int64_t integer(std::size_t i) const;
  double real(std::size_t i) const;
  std::string text(std::size_t i) const;
  bool boolean(std::size_t i) const;  // 0/1, t/f, true/false
  std::optional<std::int64_t> opt_integer(std::size_t i) const;
  std::optional<std::string> opt_text(std::size_t i) const;
  const Value& cell(std::size_t i) const;
  // By column name. Throws std::out_of_range for an unknown name.
  std::size_t index(std::string_view column) const;
  std::int64_t integer(std::string_view c) const { return integer(index(c)); }
  std::string text(std::string_view c) const { return text(index(c)); }
  bool is_null(std::string_view c) const { return is_null(index(c)); }

 private:
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> cells_;
};

struct Result {
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
  bool empty() const { return rows.empty(); }
  // Throws DbError when there is not exactly one row. On a temporary Result the row is moved out, so
  // `const Row& r = tx.exec(…).one();` does not dangle.
  const Row& one() const&;
  Row one() &&;
};

// Any failure from the engine. `constraint` is true for unique/foreign-key/check violations, so callers
// can turn them into a user-facing message (e.g. "you already signed"). `unavailable` is true when the
// database could not be reached or could not take the write (PostgreSQL down or restarting, a full
// disk): nothing of the transaction was reported as done, and the same request may well succeed in a
// minute, so the web layer answers 503 rather than 500.
class DbError : public std::runtime_error {
 public:
  enum class Cause { statement, constraint, unavailable };
  DbError(const std::string& msg, bool constraint = false)
      : std::runtime_error(msg), cause_(constraint ? Cause::constraint : Cause::statement) {}
  DbError(const std::string& msg, Cause cause) : std::runtime_error(msg), cause_(cause) {}
  bool constraint_violation() const { return cause_ == Cause::constraint; }
  bool unavailable() const { return cause_ == Cause::unavailable; }

 private:
  Cause cause_;
};

class Connection;  // engine-specific, defined in the implementation

namespace detail {
inline Value to_value(std::nullptr_t) {
  return nullptr;
}
inline Value to_value(bool b) {
  return std::int64_t{b ? 1 : 0};
}
template <typename I>
requires std::is_integral_v<std::remove_cvref_t<I>> Value to_value(I i) {
  return static_cast<std::int64_t>(i);
}
inline Value to_value(double d) {
  return d;
}
inline Value to_value(std::string s) {
  return s;
}
inline Value to_value(std::string_view s) {
  return std::string(s);
}
inline Value to_value(const char* s) {
  return std::string(s);
}
inline Value to_value(Value v) {
  return v;
}
template <typename T>
Value to_value(const std::optional<T>& o) {
  return o ? to_value(*o) : Value{nullptr};
}
}  // namespace detail

// One statement with its parameters, to be run later (Tx::exec_all, GroupCommit::Command).
struct Statement {
  std::string sql;
  std::vector<Value> params;

  template <typename... P>
  static Statement of(std::string sql, P&&... params) {
    return {std::move(sql), std::vector<Value>{detail::to_value(std::forward<P>(params))...}};
  }
};

// A transaction. Destroying it without commit() rolls back, so an exception anywhere in a command
// leaves no partial write. Statements are prepared once per connection and reused.
// After any failed statement the Tx refuses further statements and commit() (PostgreSQL aborts the
// transaction then, and SQLite is made to match); use ON CONFLICT rather than catching and going on.
class Tx {
 public:
  Tx(Tx&&) noexcept;
  Tx& operator=(Tx&&) = delete;
  Tx(const Tx&) = delete;
  ~Tx();

  // Runs exactly one statement; a wrong number of parameters is a DbError on both engines.
  Result exec(std::string_view sql, const std::vector<Value>& params = {});
  Result exec(const Statement& s) { return exec(s.sql, s.params); }
  template <typename... P>
  Result run(std::string_view sql, P&&... params) {
    return exec(sql, std::vector<Value>{detail::to_value(std::forward<P>(params))...});
  }
  // Runs the statements in order and returns their results. PostgreSQL gets them all at once (pipeline
  // mode), so the lot costs one round trip to the server. The first failure fails the call and the Tx.
  std::vector<Result> exec_all(const std::vector<const Statement*>& statements);
  // Runs a script of several statements without parameters (migrations).
  void exec_script(std::string_view sql);
  // Returns once the commit is durable. A SQLite writer is handed on before its log is flushed, so
  // another thread can read the new rows a moment before they are safe from a power cut; whatever it
  // commits after reading them is flushed after them.
  void commit();
  // Commits, and hands back what makes the commit durable (SQLite's log flush), to be run by any thread
  // before the commit is reported; empty when the commit is durable already (PostgreSQL).
  std::function<void()> commit_leaving_flush();
  Engine engine() const;

  // Implementation detail: built by Db.
  struct Lease;
  explicit Tx(std::unique_ptr<Lease> lease);

 private:
  std::unique_ptr<Lease> lease_;
  bool done_ = false;
};

struct PoolStats {
  int connections = 0;  // open (on SQLite including the one writer connection)
  int in_use = 0;       // held by a Tx
};

class Db {
 public:
  virtual ~Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // url: "sqlite:<path>" (the file is created if missing; ":memory:" is refused because readers would
  // not share it) or "postgresql://user@host:port/dbname?…". `pool_size` caps reader/PG connections.
  // Throws DbError with a message naming the URL when it cannot connect.
  static std::unique_ptr<Db> open(const std::string& url, int pool_size = 8);

  virtual Engine engine() const = 0;
  // A transaction that may write. On SQLite it waits for the single writer connection.
  virtual Tx write() = 0;
  // A read-only snapshot transaction; the snapshot is taken at its first statement, and writes fail.
  virtual Tx read() = 0;
  virtual PoolStats pool_stats() const = 0;
  // Closes idle connections; a Tx still open finishes first. Called at shutdown.
  virtual void close() = 0;

 protected:
  Db() = default;
};

// How many transactions this process has committed, on any Db: a cache of anything read from the
// database is current while this has not moved.
std::uint64_t commit_count();

// Runs f(tx) in a write transaction and commits; any exception rolls back and propagates.
template <typename F>
auto in_write(Db& db, F&& f) {
  Tx tx = db.write();
  if constexpr (std::is_void_v<decltype(f(tx))>) {
    f(tx);
    tx.commit();
  } else {
    auto r = f(tx);
    tx.commit();
    return r;
  }
}

template <typename F>
auto in_read(Db& db, F&& f) {
  Tx tx = db.read();
  return f(tx);
}

}  // namespace cw::store
