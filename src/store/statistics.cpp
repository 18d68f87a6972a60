#include "store/statistics.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace cw::store {

bool analyze_if_grown(Db& db, std::string_view table, std::int64_t min_changes) {
  if (db.engine() != Engine::postgresql) return false;
  if (table.empty() ||
      !std::all_of(table.begin(), table.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }))
    throw std::invalid_argument("analyze_if_grown: not a plain table name: " + std::string(table));
  // A write transaction: PostgreSQL refuses ANALYZE in a read-only one.
  return in_write(db, [&](Tx& tx) {
    // The server's counters lag commits by up to a second or so, which is soon enough here.
    auto res = tx.run(
        "SELECT n_mod_since_analyze, n_live_tup FROM pg_stat_user_tables WHERE relname = $1 AND schemaname "
        "= current_schema()",
        std::string(table));
    if (res.empty()) return false;
    auto changed = res.rows.front().integer(0), rows = res.rows.front().integer(1);
    if (changed < min_changes || changed * 2 < rows) return false;
    tx.exec_script("ANALYZE " + std::string(table));
    return true;
  });
}

}  // namespace cw::store
