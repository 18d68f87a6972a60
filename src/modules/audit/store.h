// All SQL of the audit module: audit_log and its one-row head. Functions take the caller's transaction.
// There is deliberately no function that updates or deletes an audit_log row. Runs unchanged on SQLite
// and PostgreSQL.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "modules/audit/audit.h"
#include "store/db.h"

namespace cw::audit {

struct ChainHead {
  std::int64_t seq = 0;  // id of the newest entry (0: none yet)
  std::string hash;      // its hash (the genesis hash when none)
};

// Increments the head's seq and returns the new seq with the hash of the entry before it. On PostgreSQL
// this locks the head row until `tx` ends, which is what makes concurrent appends queue.
// REQUIRES: a write transaction.
ChainHead advance_head(store::Tx& tx);
// REQUIRES: a write transaction, after advance_head in the same transaction.
void set_head_hash(store::Tx& tx, std::int64_t seq, const std::string& hash);
// REQUIRES: a write transaction; row.id from advance_head.
void insert_entry(store::Tx& tx, const AuditRow& row);

ChainHead read_head(store::Tx& tx);

// The chain head published for a day (/transparency).
struct Anchor {
  std::string day;  // "2026-12-07", UTC
  std::int64_t seq = 0;
  std::string hash;
  Micros published_at = 0;
};
// Records the day's anchor; false when that day already has one (anchors are never replaced).
bool insert_anchor(store::Tx& tx, const Anchor& a);
// The newest `limit` anchors, newest first.
std::vector<Anchor> recent_anchors(store::Tx& tx, int limit);
// Every anchor, oldest first, for verification.
std::vector<Anchor> all_anchors(store::Tx& tx);
// Up to `limit` entries with id > after_id, in id order.
std::vector<AuditRow> entries_after(store::Tx& tx, std::int64_t after_id, int limit);

}  // namespace cw::audit
