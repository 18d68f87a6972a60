// The audit log: an append-only record of who did what (granting a role, hiding a post, closing a
// petition), written in the transaction of the action itself, each entry hash-chained to the one before
// so that changing or removing an entry later shows. The only audit header other modules include.
// Thread-safety: plain functions over the caller's transaction or Db; appends from many connections are
// serialised by the database (see record_audit).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/actor.h"
#include "common/clock.h"
#include "store/db.h"

namespace cw::audit {

struct AuditEntry {
  std::optional<std::int64_t> actor_user_id;  // none for the system itself
  std::string actor_label;                    // who, as people will read it later: an email, "system"
  std::string action;                         // dotted, most general first: "role.grant"
  std::string object_type, object_id;         // what it was done to: "user", "42"
  std::optional<std::int64_t> locality_id;
  std::string ip;             // the request's address, whole; stored only as its network prefix
  std::string before, after;  // short human-readable summaries of the object's state
};

// Appends `entry` at time `now` (IP truncated to /24 or /48, "" if it does not parse). Locks the head
// of the chain until `tx` ends, so concurrent audited actions queue here: record last in a command.
// Throws std::invalid_argument when actor_label or action is empty.
// REQUIRES: a write transaction (the caller's, so the entry exists exactly when the action committed).
void record_audit(store::Tx& tx, const AuditEntry& entry, Micros now);

// A command's change to one object of a locality, as every module's commands record it.
struct ObjectChange {
  std::string action;       // "petition.close"
  std::string object_type;  // "petition"
  std::int64_t object_id = 0;
  std::optional<std::int64_t> locality_id;
  std::string before, after;
};
// record_audit for a change made by `actor` (null: the system itself) from `ip` at `now`.
void record_change(store::Tx& tx, const Actor* actor, const std::string& ip, Micros now,
                   const ObjectChange& change);

// The network an address belongs to, as stored: IPv4 to /24 ("203.0.113.0/24"), IPv6 to /48
// ("2001:db8:1::/48"), IPv4-mapped IPv6 as IPv4; "" for anything that is not an address. Enough to see
// that actions came from one place, not enough to name a household.
std::string ip_prefix(const std::string& ip);

struct AuditCheck {
  bool ok = true;
  std::int64_t rows_checked = 0;
  std::optional<std::int64_t> first_bad_id;  // the first entry that is changed, missing or out of place
  std::string reason;
};

// Reads the whole log in id order, in pages, within one snapshot, and checks every entry's hash, its
// link to the entry before, that ids have no gaps, that the log ends where its head says, and that each
// entry published as a day's anchor still has the hash published then. Catches edits by anyone who did
// not also recompute every later hash and the head; copies of the anchors kept outside the database
// catch even those.
AuditCheck verify_audit_chain(store::Db& db);
// The same check inside the caller's transaction, so a restore can check the log it loaded before it
// commits. REQUIRES: a transaction that sees the whole log at one moment (a read snapshot, or a write).
AuditCheck verify_audit_chain(store::Tx& tx);

// Publishes the chain head (newest entry's id and hash) as today's (UTC) anchor, once: true when it
// was recorded now, false when today already has one. Run daily by the audit module's job.
// REQUIRES: a write transaction.
bool publish_anchor(store::Tx& tx, Micros now);

struct AuditRow {
  std::int64_t id = 0;
  Micros at = 0;
  std::optional<std::int64_t> actor_user_id;
  std::string actor_label, action, object_type, object_id;
  std::optional<std::int64_t> locality_id;
  std::string ip_prefix;
  std::string before, after;
  std::string prev_hash, hash;
};

// Filters for the admin page; empty or unset fields do not filter. Newest first.
struct AuditFilter {
  std::string action_prefix;  // "role." matches "role.grant" and "role.revoke"
  std::optional<std::int64_t> actor_user_id;
  std::string object_type;
  std::string object_id;  // only together with object_type
  std::optional<std::int64_t> locality_id;
  std::optional<Micros> from;   // at >= from
  std::optional<Micros> until;  // at < until
  // Keyset pagination: entries with id < before_id. For the next page pass the last row's id.
  std::optional<std::int64_t> before_id;
  int limit = 50;  // clamped to 1…500
};

std::vector<AuditRow> list_audit(store::Tx& tx, const AuditFilter& filter);

}  // namespace cw::audit
