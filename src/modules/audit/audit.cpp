#include "modules/audit/audit.h"

#include <sodium.h>

#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "common/civil_date.h"
#include "modules/audit/chain.h"
#include "modules/audit/store.h"

namespace cw::audit {

namespace {

// Large enough that a verify holds little in memory, small enough to be one quick query.
constexpr int kVerifyPage = 1000;

AuditCheck broken(std::int64_t checked, std::int64_t id, std::string reason) {
  return {.ok = false, .rows_checked = checked, .first_bad_id = id, .reason = std::move(reason)};
}

// Where the log stops, compared with what the head recorded when the last entry was appended.
AuditCheck check_end(const ChainHead& head, std::int64_t last_id, const std::string& last_hash,
                     std::int64_t checked) {
  if (head.seq > last_id)
    return broken(checked, last_id + 1,
                  fmt::format("entries {}–{} are missing from the end of the log", last_id + 1, head.seq));
  if (head.seq < last_id)
    return broken(checked, head.seq + 1,
                  fmt::format("entries after {} were not appended through audit_head", head.seq));
  if (head.hash != last_hash)
    return broken(checked, last_id, "the newest entry's hash does not match the one audit_head recorded");
  return {.ok = true, .rows_checked = checked};
}

}  // namespace

void record_audit(store::Tx& tx, const AuditEntry& e, Micros now) {
  if (e.actor_label.empty() || e.action.empty())
    throw std::invalid_argument("audit: an entry needs an actor_label and an action");
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  const ChainHead previous = advance_head(tx);
  AuditRow row{.id = previous.seq,
               .at = now,
               .actor_user_id = e.actor_user_id,
               .actor_label = e.actor_label,
               .action = e.action,
               .object_type = e.object_type,
               .object_id = e.object_id,
               .locality_id = e.locality_id,
               .ip_prefix = ip_prefix(e.ip),
               .before = e.before,
               .after = e.after,
               .prev_hash = previous.hash};
  row.hash = entry_hash(row);
  insert_entry(tx, row);
  set_head_hash(tx, row.id, row.hash);
}

AuditCheck verify_audit_chain(store::Db& db) {
  // One snapshot for the whole walk, so entries appended meanwhile neither appear halfway nor make
  // the head disagree with the rows read.
  return store::in_read(db, [](store::Tx& tx) { return verify_audit_chain(tx); });
}

AuditCheck verify_audit_chain(store::Tx& tx) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  const ChainHead head = read_head(tx);
  // What was published each day must still be in the log: a rewrite that recomputed every later hash
  // (and the head) still changes the hash at a published row.
  std::map<std::int64_t, Anchor> published;
  for (auto& a : all_anchors(tx)) {
    if (a.seq == 0 && a.hash != kGenesisHash)
      return broken(0, 1, "the anchor of " + a.day + " is not the empty log's");
    if (a.seq > head.seq)
      return broken(0, head.seq + 1, fmt::format("entry {}, published on {}, is missing", a.seq, a.day));
    if (a.seq > 0) published.emplace(a.seq, std::move(a));
  }
  std::int64_t last_id = 0, checked = 0;
  std::string last_hash(kGenesisHash);
  for (;;) {
    const auto page = entries_after(tx, last_id, kVerifyPage);
    for (const auto& row : page) {
      if (auto it = published.find(row.id); it != published.end() && it->second.hash != row.hash)
        return broken(checked, row.id, "its hash is not the one published on " + it->second.day);
      if (row.id != last_id + 1)
        return broken(checked, last_id + 1,
                      row.id == last_id + 2
                          ? fmt::format("entry {} is missing", last_id + 1)
                          : fmt::format("entries {}–{} are missing", last_id + 1, row.id - 1));
      if (row.prev_hash != last_hash)
        return broken(checked, row.id, fmt::format("it does not link to entry {}", last_id));
      if (entry_hash(row) != row.hash) return broken(checked, row.id, "its contents do not match its hash");
      last_id = row.id;
      last_hash = row.hash;
      ++checked;
    }
    if (page.size() < static_cast<std::size_t>(kVerifyPage)) break;
  }
  return check_end(head, last_id, last_hash, checked);
}

bool publish_anchor(store::Tx& tx, Micros now) {
  auto head = read_head(tx);
  return insert_anchor(tx, {civil::iso(civil::date_of(now)), head.seq, head.hash, now});
}

void record_change(store::Tx& tx, const Actor* actor, const std::string& ip, Micros now,
                   const ObjectChange& change) {
  record_audit(tx,
               {.actor_user_id = actor ? std::optional(actor->user_id) : std::nullopt,
                .actor_label = actor ? actor->email : "system",
                .action = change.action,
                .object_type = change.object_type,
                .object_id = std::to_string(change.object_id),
                .locality_id = change.locality_id,
                .ip = ip,
                .before = change.before,
                .after = change.after},
               now);
}

}  // namespace cw::audit
