// A lock that every process using one database shares, named by a string: on PostgreSQL an advisory
// lock held by a transaction of its own, so it is let go on release, on destruction, or when the process
// dies and its connection closes; on SQLite, where one process owns the database, it takes nothing.
// Thread-safety: an AdvisoryLock belongs to the thread that took it (it holds a Tx).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "store/db.h"

namespace cw::store {

class AdvisoryLock {
 public:
  // Waits until no other transaction holds the lock named `name`, then holds it. Uses one connection
  // of `db`'s pool for as long as it is held.
  static AdvisoryLock take(Db& db, std::string_view name);
  // Holds the lock if nobody does; nullopt at once otherwise.
  static std::optional<AdvisoryLock> try_take(Db& db, std::string_view name);

  AdvisoryLock(AdvisoryLock&&) noexcept = default;
  AdvisoryLock& operator=(AdvisoryLock&&) = delete;
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;
  ~AdvisoryLock() = default;  // rolls back what was written under it and lets go

  // The transaction that holds the lock (PostgreSQL), for bookkeeping that must be written only when
  // the work it guards finished; nullptr on SQLite.
  Tx* tx() { return tx_ ? &*tx_ : nullptr; }
  // Commits what was written in tx() and lets go.
  void release();

  // The 64-bit key PostgreSQL knows the lock by (FNV-1a of the name), for pg_locks.
  static std::int64_t key_of(std::string_view name);

 private:
  explicit AdvisoryLock(std::optional<Tx> tx) : tx_(std::move(tx)) {}
  std::optional<Tx> tx_;
};

}  // namespace cw::store
