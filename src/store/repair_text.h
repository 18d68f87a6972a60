// Stored text from before requests were checked (common/text.h) may hold bytes that are not UTF-8, or
// control characters, which break JSON and XML written from it. This repairs every text column once
// per database: invalid bytes become U+FFFD and characters XML forbids go. The audit log is left as
// written: it is append-only and its hashes cover its text.
#pragma once
#include "store/db.h"

namespace cw::store {

// Runs once (recorded in `text_repairs`); later calls return 0. Returns how many values it changed.
// A column whose repair fails (a unique value colliding) is reported on stderr and left as it was.
int repair_stored_text(Db& db);

// The table that records repairs done. The runner makes it, not a migration, so a database migrated
// before repairs existed may not have it yet.
inline constexpr const char* kRepairTable = "text_repairs";

// Creates the table that records repairs done, inside the caller's write transaction: a restore builds
// it with the schema and then loads the rows the backed-up site had in it.
void create_repair_record(Tx& tx);

}  // namespace cw::store
