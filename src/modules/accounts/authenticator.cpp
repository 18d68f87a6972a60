#include "modules/accounts/authenticator.h"

#include <cstdio>

#include "modules/accounts/permissions.h"
#include "modules/accounts/secrets.h"
#include "modules/accounts/store.h"
#include "modules/audit/audit.h"

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

void SessionAuthenticator::record_refusal(store::Db& db, const Actor& actor, const web::Request& req,
                                          const std::string& code, Micros now) const {
  try {
    store::in_write(db, [&](store::Tx& tx) {
      audit::record_audit(
          tx,
          {.actor_user_id = actor.user_id,
           .actor_label = actor.email,
           .action = "access.refused",
           .object_type = "page",
           .object_id = std::string(web::method_name(req.method)) + " " + req.path.substr(0, 200),
           .ip = req.remote_ip,
           .after = code + (actor.second_factor_due ? " (second factor not yet entered)" : "")},
          now);
    });
  } catch (const std::exception& e) {
    // The refusal itself stands; only its record is lost, which the server log says.
    std::fprintf(stderr, "could not record a refusal in the audit log: %s\n", e.what());
  }
}

std::string SessionAuthenticator::csrf_key(store::Db& db) const {
  return store::in_write(db, [](store::Tx& tx) { return site_secret(tx, "csrf_key", random_token()); });
}

}  // namespace cw::accounts
