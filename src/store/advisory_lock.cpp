#include "store/advisory_lock.h"

namespace cw::store {

std::int64_t AdvisoryLock::key_of(std::string_view name) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : name) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(h);
}

AdvisoryLock AdvisoryLock::take(Db& db, std::string_view name) {
  if (db.engine() == Engine::sqlite) return AdvisoryLock(std::nullopt);
  Tx tx = db.write();
  tx.run("SELECT pg_advisory_xact_lock($1::bigint)", key_of(name));
  return AdvisoryLock(std::move(tx));
}

std::optional<AdvisoryLock> AdvisoryLock::try_take(Db& db, std::string_view name) {
  if (db.engine() == Engine::sqlite) return AdvisoryLock(std::nullopt);
  Tx tx = db.write();
  if (!tx.run("SELECT pg_try_advisory_xact_lock($1::bigint)", key_of(name)).one().boolean(0))
    return std::nullopt;
  return AdvisoryLock(std::move(tx));
}

void AdvisoryLock::release() {
  if (tx_) tx_->commit();
  tx_.reset();
}

}  // namespace cw::store
