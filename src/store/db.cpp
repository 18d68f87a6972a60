// Row conversions, Tx lifetime and the URL dispatch shared by both engines.
#include "store/db.h"

#include <fmt/format.h>
#include <atomic>
#include <charconv>
#include <cmath>

#include "store/engine.h"

namespace cw::store {

namespace {

[[noreturn]] void conversion_error(std::size_t i, const char* want, const Value& v) {
  std::string got = std::holds_alternative<std::string>(v)    ? "text \"" + std::get<std::string>(v) + "\""
                    : std::holds_alternative<double>(v)       ? "a real"
                    : std::holds_alternative<std::int64_t>(v) ? "an integer"
                                                              : "NULL";
  throw DbError(fmt::format("column {} is {}, not {}", i, got, want));
}

}  // namespace

Row::Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> cells)
    : columns_(std::move(columns)), cells_(std::move(cells)) {}

const Value& Row::cell(std::size_t i) const {
  if (i >= cells_.size())
    throw std::out_of_range(fmt::format("no column {} in a row of {}", i, cells_.size()));
  return cells_[i];
}

bool Row::is_null(std::size_t i) const {
  return std::holds_alternative<std::nullptr_t>(cell(i));
}

std::int64_t Row::integer(std::size_t i) const {
  const Value& v = cell(i);
  if (auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (auto* d = std::get_if<double>(&v)) {
    // Only exact values: 2^63 itself is representable as a double but not as an int64.
    if (std::trunc(*d) == *d && *d >= -9223372036854775808.0 && *d < 9223372036854775808.0)
      return static_cast<std::int64_t>(*d);
  }
  if (auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec == std::errc() && end == s->data() + s->size() && !s->empty()) return out;
  }
  conversion_error(i, "an integer", v);
}

double Row::real(std::size_t i) const {
  const Value& v = cell(i);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (auto* s = std::get_if<std::string>(&v)) {
    double out = 0;
    auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec == std::errc() && end == s->data() + s->size() && !s->empty()) return out;
  }
  conversion_error(i, "a real", v);
}

std::string Row::text(std::size_t i) const {
  const Value& v = cell(i);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  conversion_error(i, "text", v);
}

bool Row::boolean(std::size_t i) const {
  const Value& v = cell(i);
  if (auto* n = std::get_if<std::int64_t>(&v)) return *n != 0;
  if (auto* s = std::get_if<std::string>(&v)) {
    if (*s == "t" || *s == "true" || *s == "1") return true;
    if (*s == "f" || *s == "false" || *s == "0") return false;
  }
  conversion_error(i, "a boolean", v);
}

std::optional<std::int64_t> Row::opt_integer(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

std::optional<std::string> Row::opt_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::size_t Row::index(std::string_view column) const {
  if (columns_) {
    for (std::size_t i = 0; i < columns_->size(); ++i)
      if ((*columns_)[i] == column) return i;
  }
  throw std::out_of_range(fmt::format("no column named \"{}\"", column));
}

const Row& Result::one() const& {
  if (rows.size() != 1) throw DbError(fmt::format("expected exactly one row, got {}", rows.size()));
  return rows.front();
}

Row Result::one() && {
  if (rows.size() != 1) throw DbError(fmt::format("expected exactly one row, got {}", rows.size()));
  return std::move(rows.front());
}

Tx::Tx(std::unique_ptr<Lease> lease) : lease_(std::move(lease)) {}

Tx::Tx(Tx&& other) noexcept : lease_(std::move(other.lease_)), done_(other.done_) {
  other.done_ = true;
}

Tx::~Tx() {
  if (lease_ && !done_) lease_->conn->rollback();
}

Result Tx::exec(std::string_view sql, const std::vector<Value>& params) {
  if (!lease_ || done_) throw DbError("transaction already finished");
  if (lease_->failed) throw DbError("transaction aborted by an earlier error; roll back and retry");
  try {
    return lease_->conn->exec(sql, params);
  } catch (...) {
    lease_->failed = true;
    throw;
  }
}

std::vector<Result> Tx::exec_all(const std::vector<const Statement*>& statements) {
  if (!lease_ || done_) throw DbError("transaction already finished");
  if (lease_->failed) throw DbError("transaction aborted by an earlier error; roll back and retry");
  try {
    return lease_->conn->exec_all(statements);
  } catch (...) {
    lease_->failed = true;
    throw;
  }
}

void Tx::exec_script(std::string_view sql) {
  if (!lease_ || done_) throw DbError("transaction already finished");
  if (lease_->failed) throw DbError("transaction aborted by an earlier error; roll back and retry");
  try {
    lease_->conn->exec_script(sql);
  } catch (...) {
    lease_->failed = true;
    throw;
  }
}

namespace {
std::atomic<std::uint64_t> commits{0};
}  // namespace

std::uint64_t commit_count() {
  return commits.load(std::memory_order_acquire);
}

void Tx::commit() {
  if (auto make_durable = commit_leaving_flush()) make_durable();
}

std::function<void()> Tx::commit_leaving_flush() {
  if (!lease_ || done_) throw DbError("transaction already finished");
  if (lease_->failed) throw DbError("cannot commit: an earlier statement in this transaction failed");
  std::function<void()> make_durable;
  try {
    make_durable = lease_->conn->commit();
  } catch (...) {
    lease_->failed = true;
    throw;  // the destructor rolls back whatever is left
  }
  done_ = true;
  commits.fetch_add(1, std::memory_order_acq_rel);
  lease_.reset();  // the connection goes back to the pool now, not when the Tx goes out of scope
  return make_durable;
}

Engine Tx::engine() const {
  if (!lease_) throw DbError("transaction already finished");
  return lease_->engine;
}

std::unique_ptr<Db> Db::open(const std::string& url, int pool_size) {
  if (pool_size < 1) throw DbError(fmt::format("pool size must be at least 1 (got {})", pool_size));
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);  // sqlite:///var/x.db and sqlite:var/x.db both work
    if (path.empty()) throw DbError("database URL \"" + url + "\" has no file path");
    if (path == ":memory:" || path.starts_with("file::memory:"))
      throw DbError("database URL \"" + url +
                    "\": in-memory SQLite is not supported (readers could not share it)");
    return open_sqlite(url, path, pool_size);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return open_postgres(url, pool_size);
  throw DbError("database URL \"" + redact_url(url) +
                "\" is not understood: use sqlite:<path> or postgresql://user@host:port/dbname");
}

std::string redact_url(const std::string& url) {
  std::string out = url;
  auto scheme = out.find("://");
  auto at = out.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    auto colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  auto pw = out.find("password=");
  if (pw != std::string::npos) {
    auto end = out.find('&', pw);
    out.replace(pw + 9, (end == std::string::npos ? out.size() : end) - pw - 9, "***");
  }
  return out;
}

std::string sql_excerpt(std::string_view sql) {
  if (sql.size() <= 200) return std::string(sql);
  return std::string(sql.substr(0, 200)) + "…";
}

}  // namespace cw::store
