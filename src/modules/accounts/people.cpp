#include "modules/accounts/people.h"

namespace cw::accounts {

std::optional<Contact> contact_of(store::Tx& tx, std::int64_t user_id) {
  auto r = tx.run("SELECT email, COALESCE(display_name, '') FROM users WHERE id = $1 AND status = 'active'",
                  user_id);
  if (r.empty() || r.rows[0].is_null(0)) return std::nullopt;
  return Contact{r.rows[0].text(0), r.rows[0].text(1)};
}

bool set_blocked(store::Tx& tx, std::int64_t user_id, bool blocked) {
  return tx.run("UPDATE users SET status = $2 WHERE id = $1 AND status = $3", user_id,
                blocked ? "blocked" : "active", blocked ? "active" : "blocked")
             .affected > 0;
}

std::vector<BlockedPerson> blocked_people(store::Tx& tx) {
  std::vector<BlockedPerson> out;
  for (const auto& r : tx.run("SELECT id, display_name, COALESCE(email, '') FROM users WHERE status = "
                              "'blocked' ORDER BY id DESC")
                           .rows)
    out.push_back({r.integer(0), r.text(1), r.text(2)});
  return out;
}

std::vector<places::LocalityRef> localities_where(store::Tx& tx, const Actor* actor, Action action) {
  std::vector<places::LocalityRef> out;
  for (auto& l : places::locality_refs(tx))
    if (can(actor, action, {.locality_id = l.id})) out.push_back(std::move(l));
  return out;
}

std::vector<std::int64_t> locality_ids_where(store::Tx& tx, const Actor* actor, Action action) {
  std::vector<std::int64_t> out;
  for (const auto& l : localities_where(tx, actor, action)) out.push_back(l.id);
  return out;
}

}  // namespace cw::accounts
