// How the web layer learns who is signed in without knowing how accounts work: the accounts module
// implements Authenticator, and WebApp asks it once per request that carries a session cookie.
// Implementations must be thread-safe (called from every worker).
#pragma once
#include <optional>
#include <string>

#include "common/actor.h"
#include "common/clock.h"
#include "store/db.h"
#include "web/http.h"

namespace cw::web {

// The session cookie's name. "__Host-" makes browsers refuse it unless it is Secure, host-only and
// Path=/, which is what we want behind TLS; on plain HTTP (local use) the bare name is used.
inline std::string session_cookie_name(bool behind_tls) {
  return behind_tls ? "__Host-commonweal_session" : "commonweal_session";
}

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The person whose session `cookie_value` names, if it is live at `now` (it may refresh the session's
  // idle timer). nullopt for unknown, expired or ended sessions.
  virtual std::optional<Actor> authenticate(store::Db& db, const std::string& cookie_value,
                                            Micros now) const = 0;
  // The secret that signs CSRF tokens: the same on every app server of a site, so it lives in the
  // database. Called once at start-up, after migrations.
  virtual std::string csrf_key(store::Db& db) const = 0;
  // Called when a signed-in person is refused (403): access-control failures are recorded where the
  // site's other accountable actions are. Must not throw.
  virtual void record_refusal(store::Db& db, const Actor& actor, const Request& req, const std::string& code,
                              Micros now) const = 0;
};

}  // namespace cw::web
