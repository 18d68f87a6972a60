// PostgreSQL engine over libpq: a lazily grown pool of connections, one per Tx; statements prepared once
// per connection; parameters and results travel as text and are typed by column OID. A transaction's
// BEGIN waits to travel with its first statement, and Tx::exec_all sends its statements together
// (libpq's pipeline mode), so a round trip to the server is paid once, not per statement.
#include <libpq-fe.h>
#include <poll.h>

#include <fmt/format.h>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "store/engine.h"

namespace cw::store {

namespace {

constexpr auto kWaitLimit = std::chrono::seconds(10);

// Type OIDs from pg_type.h (stable across releases).
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701;

// Class 08 (connection exception), 53 (insufficient resources: disk full, too many connections) and
// 57P01-57P03 (the server shutting down, crashed or starting up) pass once the server is back or has
// room again, so they are "unavailable", not a fault in the statement.
DbError::Cause cause_of(const char* sqlstate, bool broken) {
  std::string_view state = sqlstate ? sqlstate : "";
  if (broken || state.starts_with("08") || state.starts_with("53") || state == "57P01" || state == "57P02" ||
      state == "57P03")
    return DbError::Cause::unavailable;
  return state.starts_with("23") ? DbError::Cause::constraint : DbError::Cause::statement;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

class PgConn final : public Connection {
 public:
  explicit PgConn(const std::string& url) : conn_(connect(url)) {
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = conn_ ? PQerrorMessage(conn_) : "out of memory";
      PQfinish(conn_);
      while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
      throw DbError(fmt::format("cannot connect to PostgreSQL at \"{}\": {}", redact_url(url), msg),
                    DbError::Cause::unavailable);
    }
    // Notices ("no transaction in progress") would otherwise go to stderr.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    PQsetClientEncoding(conn_, "UTF8");
  }
  ~PgConn() override { PQfinish(conn_); }
  // A server that does not answer (a dropped route, a host that is gone) fails in 10 s instead of
  // holding a worker for the system's TCP timeout; a connect_timeout in the URL wins, as it comes later.
  static PGconn* connect(const std::string& url) {
    const char* keys[] = {"connect_timeout", "dbname", nullptr};
    const char* values[] = {"10", url.c_str(), nullptr};
    return PQconnectdbParams(keys, values, 1);
  }
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  Result exec(std::string_view sql, const std::vector<Value>& params) override;
  std::vector<Result> exec_all(const std::vector<const Statement*>& statements) override;
  void exec_script(std::string_view sql) override {
    send_begin_now();
    PgResult r(PQexec(conn_, std::string(sql).c_str()));
    check(r.get(), sql);
  }
  std::function<void()> commit() override {
    if (!std::exchange(begin_, nullptr)) exec_script("COMMIT");  // else nothing was run: nothing to do
    return {};
  }
  void rollback() noexcept override {
    if (std::exchange(begin_, nullptr)) return;
    PgResult r(PQexec(conn_, "ROLLBACK"));
    if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK || PQstatus(conn_) != CONNECTION_OK) broken = true;
  }
  // False when the server has closed this idle connection (restarted, or ended the session): the
  // socket then reads as ready, with the server's goodbye or end of file. Checked before reuse, so that
  // after a restart the pool reconnects instead of failing one request per stale connection.
  bool still_open() {
    if (PQstatus(conn_) != CONNECTION_OK) return false;
    pollfd p{PQsocket(conn_), POLLIN, 0};
    if (p.fd < 0) return false;
    // An idle connection is sent nothing unasked (we never LISTEN), so anything to read is the end.
    return ::poll(&p, 1, 0) == 0;
  }
  // `sql` (a static string) opens the transaction with the first statement run.
  void begin_with_first_statement(const char* sql) { begin_ = sql; }

 private:
  void check(PGresult* r, std::string_view sql);
  const std::string& prepare(std::string_view sql);
  Result rows(PGresult* r) const;
  void send_begin_now();
  void send_in_pipeline(const Statement& s);
  [[noreturn]] void fail_pipeline(std::string_view sql);
  PgResult next_result_in_pipeline();

  PGconn* conn_;
  std::unordered_map<std::string, std::string> names_;  // SQL text → prepared statement name
  const char* begin_ = nullptr;                         // a BEGIN not sent yet
};

void PgConn::send_begin_now() {
  if (const char* begin = std::exchange(begin_, nullptr)) {
    PgResult r(PQexec(conn_, begin));
    check(r.get(), begin);
  }
}

void PgConn::check(PGresult* r, std::string_view sql) {
  auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return;
  if (PQstatus(conn_) != CONNECTION_OK) broken = true;
  std::string msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                            ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                            : PQresultErrorMessage(r)
                      : PQerrorMessage(conn_);
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : nullptr;
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (broken) msg = "connection to PostgreSQL lost: " + msg;
  if (detail) msg += fmt::format(" ({})", detail);
  throw DbError(fmt::format("{} (in: {})", msg, sql_excerpt(sql)), cause_of(state, broken));
}

const std::string& PgConn::prepare(std::string_view sql) {
  std::string key(sql);
  auto it = names_.find(key);
  if (it != names_.end()) return it->second;
  std::string name = "s" + std::to_string(names_.size() + 1);
  PgResult r(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
  check(r.get(), sql);
  return names_.emplace(std::move(key), std::move(name)).first->second;
}

// Parameters as libpq takes them: text, or null.
struct TextParams {
  explicit TextParams(const std::vector<Value>& params) : text(params.size()), values(params.size()) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) continue;
      if (auto* n = std::get_if<std::int64_t>(&v))
        text[i] = std::to_string(*n);
      else if (auto* d = std::get_if<double>(&v))
        text[i] = fmt::format("{:.17g}", *d);
      else
        text[i] = std::get<std::string>(v);
      values[i] = text[i].c_str();
    }
  }
  int size() const { return static_cast<int>(values.size()); }
  std::vector<std::string> text;
  std::vector<const char*> values;
};

Result PgConn::exec(std::string_view sql, const std::vector<Value>& params) {
  if (begin_) {
    Statement one{std::string(sql), params};
    return std::move(exec_all({&one}).front());
  }
  const std::string& name = prepare(sql);
  TextParams p(params);
  PgResult r(PQexecPrepared(conn_, name.c_str(), p.size(), p.values.data(), nullptr, nullptr, 0));
  check(r.get(), sql);
  return rows(r.get());
}

void PgConn::send_in_pipeline(const Statement& s) {
  TextParams p(s.params);
  if (PQsendQueryPrepared(conn_, prepare(s.sql).c_str(), p.size(), p.values.data(), nullptr, nullptr, 0) != 1)
    fail_pipeline(s.sql);
}

void PgConn::fail_pipeline(std::string_view sql) {
  broken = true;  // what the server has of the pipeline is unknown now
  std::string msg = PQerrorMessage(conn_);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  throw DbError(fmt::format("connection to PostgreSQL lost: {} (in: {})", msg, sql_excerpt(sql)),
                DbError::Cause::unavailable);
}

// A statement's result, past the end marker that follows it. Null when the connection failed.
PgResult PgConn::next_result_in_pipeline() {
  PgResult r(PQgetResult(conn_));
  if (r) PQclear(PQgetResult(conn_));
  return r;
}

// Statements are prepared first (once per connection, each its own round trip), then BEGIN if it is
// waiting and every statement go out together with one Sync. After a failure the server skips the rest
// (PGRES_PIPELINE_ABORTED) and the transaction is aborted, as if the statements had run one by one.
std::vector<Result> PgConn::exec_all(const std::vector<const Statement*>& statements) {
  if (statements.empty()) return {};
  for (const auto* st : statements) prepare(st->sql);
  if (PQenterPipelineMode(conn_) != 1) fail_pipeline(statements.front()->sql);
  const char* begin = std::exchange(begin_, nullptr);
  if (begin && PQsendQueryParams(conn_, begin, 0, nullptr, nullptr, nullptr, nullptr, 0) != 1)
    fail_pipeline(begin);
  for (const auto* st : statements) send_in_pipeline(*st);
  if (PQpipelineSync(conn_) != 1) fail_pipeline(statements.front()->sql);

  PgResult failed;
  std::string_view failed_sql;
  auto succeeded = [&](PgResult& r, std::string_view sql) {
    auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return true;
    if (status != PGRES_PIPELINE_ABORTED && failed_sql.empty()) {
      failed = std::move(r);
      failed_sql = sql;
    }
    return false;
  };
  if (begin) {
    auto r = next_result_in_pipeline();
    succeeded(r, begin);
  }
  std::vector<Result> out;
  out.reserve(statements.size());
  for (const auto* st : statements)
    if (auto r = next_result_in_pipeline(); succeeded(r, st->sql)) out.push_back(rows(r.get()));
  PgResult sync(PQgetResult(conn_));
  if (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC || PQexitPipelineMode(conn_) != 1)
    broken = true;
  if (!failed_sql.empty()) check(failed.get(), failed_sql);
  if (broken) fail_pipeline(statements.front()->sql);
  return out;
}

Result PgConn::rows(PGresult* r) const {
  Result out;
  std::string_view status = PQcmdStatus(r);
  if (status.starts_with("INSERT") || status.starts_with("UPDATE") || status.starts_with("DELETE") ||
      status.starts_with("MERGE")) {
    std::string_view n = PQcmdTuples(r);
    std::from_chars(n.data(), n.data() + n.size(), out.affected);
  }
  int ncols = PQnfields(r), nrows = PQntuples(r);
  auto names = std::make_shared<std::vector<std::string>>();
  std::vector<Oid> types;
  for (int c = 0; c < ncols; ++c) {
    names->emplace_back(PQfname(r, c));
    types.push_back(PQftype(r, c));
  }
  out.rows.reserve(static_cast<std::size_t>(nrows));
  for (int i = 0; i < nrows; ++i) {
    std::vector<Value> cells;
    cells.reserve(static_cast<std::size_t>(ncols));
    for (int c = 0; c < ncols; ++c) {
      if (PQgetisnull(r, i, c)) {
        cells.emplace_back(nullptr);
        continue;
      }
      std::string_view s(PQgetvalue(r, i, c), static_cast<std::size_t>(PQgetlength(r, i, c)));
      Oid t = types[static_cast<std::size_t>(c)];
      if (t == kInt2 || t == kInt4 || t == kInt8) {
        std::int64_t n = 0;
        std::from_chars(s.data(), s.data() + s.size(), n);
        cells.emplace_back(n);
      } else if (t == kFloat4 || t == kFloat8) {
        double d = 0;
        std::from_chars(s.data(), s.data() + s.size(), d);
        cells.emplace_back(d);
      } else if (t == kBool) {
        cells.emplace_back(std::int64_t{s == "t" ? 1 : 0});
      } else {
        cells.emplace_back(std::string(s));  // numeric stays text so no precision is lost
      }
    }
    out.rows.emplace_back(names, std::move(cells));
  }
  return out;
}

class PgDb final : public Db {
 public:
  PgDb(std::string url, int pool_size) : url_(std::move(url)), pool_size_(pool_size) {
    // Connect once now so a bad URL fails at startup, not on the first request.
    idle_.push_back(std::make_unique<PgConn>(url_));
    open_ = 1;
  }

  Engine engine() const override { return Engine::postgresql; }
  Tx write() override { return begin("BEGIN"); }
  Tx read() override { return begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
  PoolStats pool_stats() const override {
    std::lock_guard lock(mu_);
    return {.connections = open_, .in_use = in_use_};
  }
  void close() override {
    std::vector<std::unique_ptr<Connection>> closing;
    std::lock_guard lock(mu_);
    ++generation_;
    open_ -= static_cast<int>(idle_.size());
    closing = std::move(idle_);
    idle_.clear();
  }

 private:
  Tx begin(const char* sql);
  std::unique_ptr<Connection> acquire();
  void give_back(std::unique_ptr<Connection> conn);

  std::string url_;
  int pool_size_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
  int in_use_ = 0;
  std::uint64_t generation_ = 0;
};

std::unique_ptr<Connection> PgDb::acquire() {
  std::uint64_t gen = 0;
  {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, kWaitLimit, [&] { return !idle_.empty() || open_ < pool_size_; }))
      throw DbError(
          fmt::format("all {} PostgreSQL connections stayed busy for {} s", pool_size_, kWaitLimit.count()),
          DbError::Cause::unavailable);
    ++in_use_;
    while (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      if (static_cast<PgConn&>(*conn).still_open()) return conn;
      --open_;  // closed by the server: drop it and reuse its slot
    }
    ++open_;  // reserve the slot, then connect without holding the lock
    gen = generation_;
  }
  try {
    auto conn = std::make_unique<PgConn>(url_);
    conn->generation = gen;
    return conn;
  } catch (...) {
    give_back(nullptr);
    throw;
  }
}

Tx PgDb::begin(const char* sql) {
  auto conn = acquire();
  static_cast<PgConn&>(*conn).begin_with_first_statement(sql);
  return Tx(std::make_unique<Tx::Lease>(Engine::postgresql, std::move(conn),
                                        [this](auto c) { give_back(std::move(c)); }));
}

void PgDb::give_back(std::unique_ptr<Connection> conn) {
  std::unique_ptr<Connection> drop;
  {
    std::lock_guard lock(mu_);
    --in_use_;
    if (conn && !conn->broken && conn->generation == generation_) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
      drop = std::move(conn);
    }
  }
  cv_.notify_one();
}

}  // namespace

std::unique_ptr<Db> open_postgres(const std::string& url, int pool_size) {
  return std::make_unique<PgDb>(url, pool_size);
}

}  // namespace cw::store
