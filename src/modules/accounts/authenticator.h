// The accounts module's answer to "who is signed in?": looks the session cookie up in the database,
// applies the idle and absolute timeouts, and loads the person's roles. Thread-safe (no state).
#pragma once
#include "web/auth.h"

namespace cw::accounts {

class SessionAuthenticator final : public web::Authenticator {
 public:
  std::optional<Actor> authenticate(store::Db& db, const std::string& cookie_value,
                                    Micros now) const override;
  std::string csrf_key(store::Db& db) const override;
  void record_refusal(store::Db& db, const Actor& actor, const web::Request& req, const std::string& code,
                      Micros now) const override;
};

}  // namespace cw::accounts
