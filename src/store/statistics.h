// Keeps PostgreSQL's planner statistics up with a table that is filling fast. A connection plans each
// prepared statement once and keeps a generic plan; planned while a table was nearly empty, that plan
// walks every row, and only new statistics (autovacuum's ANALYZE, about once a minute) replan it. A surge
// on a new site would run its first minute on such plans: measured, 457 signatures a second instead of
// about 4,500. SQLite plans each statement with its own estimates and needs nothing here.
#pragma once
#include <cstdint>
#include <string_view>

#include "store/db.h"

namespace cw::store {

// Analyzes `table` (a plain lower-case name) when at least `min_changes` rows, and at least half as many
// as it now holds, changed since its statistics were last gathered, so a table growing from nothing is
// analyzed at about 1,000, 2,000, 4,000 … rows. Returns whether it analyzed. On SQLite it returns false
// at once, without opening a transaction.
bool analyze_if_grown(Db& db, std::string_view table, std::int64_t min_changes = 1000);

}  // namespace cw::store
