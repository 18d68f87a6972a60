#include "modules/accounts/authenticator.h"

#include "modules/accounts/permissions.h"
#include "modules/accounts/secrets.h"
#include "modules/accounts/store.h"

namespace cw::accounts {

namespace {
// The idle timer is refreshed at most this often: a write per request would make every page a write.
constexpr Micros kTouchEvery = 5 * kMinute;
}  // namespace

std::optional<Actor> SessionAuthenticator::authenticate(store::Db& db, const std::string& cookie_value,
                                                        Micros now) const {
  if (cookie_value.empty() || cookie_value.size() > 100) return std::nullopt;
  auto hash = token_hash(cookie_value);
  auto found = store::in_read(db, [&](store::Tx& tx) -> std::optional<std::pair<SessionRow, Actor>> {
    auto live = find_live_session(tx, hash, now);
    if (!live) return std::nullopt;
    const auto& user = live->second;
    Actor a{user.id, user.display_name, user.email.value_or(""), hash, user_grants(tx, user.id)};
    a.second_factor_at = live->first.second_factor_at;
    // Roles beyond resident work only once this session has passed the second factor.
    if (!a.second_factor_at && a.holds_a_role()) {
      std::erase_if(a.grants, [](const RoleGrant& g) { return g.role != role::resident; });
      a.second_factor_due = true;
    }
    return std::make_pair(live->first, std::move(a));
  });
  if (!found) return std::nullopt;
  if (now - found->first.last_seen_at > kTouchEvery)
    store::in_write(db, [&](store::Tx& tx) { touch_session(tx, hash, now); });
  return std::move(found->second);
}

std::string SessionAuthenticator::csrf_key(store::Db& db) const {
  return store::in_write(db, [](store::Tx& tx) { return site_secret(tx, "csrf_key", random_token()); });
}

}  // namespace cw::accounts
