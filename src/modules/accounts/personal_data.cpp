#include "modules/accounts/personal_data.h"

#include "common/civil_date.h"

namespace cw::accounts {

namespace {

// Whether it is on and since when, and how many recovery codes are left; never the secret or the codes.
nlohmann::json second_factor_export(store::Tx& tx, std::int64_t user_id) {
  auto f = find_second_factor(tx, user_id);
  if (!f || !f->confirmed_at) return nullptr;
  return {{"on_since", civil::iso_time(*f->confirmed_at)},
          {"recovery_codes_left", recovery_codes_left(tx, user_id)}};
}

nlohmann::json account_export(store::Tx& tx, const modules::Person& person, Micros now) {
  auto user = find_user(tx, person.user_id);
  if (!user) return nullptr;
  auto sessions = nlohmann::json::array();
  for (const auto& s : live_sessions(tx, person.user_id, now))
    sessions.push_back({{"started_at", civil::iso_time(s.created_at)},
                        {"last_used_at", civil::iso_time(s.last_seen_at)},
                        {"network", s.ip_prefix},
                        {"browser", s.user_agent}});
  auto roles = nlohmann::json::array();
  for (const auto& g : user_grants(tx, person.user_id))
    roles.push_back({{"role", g.role},
                     {"locality_id", g.locality_id ? nlohmann::json(*g.locality_id) : nullptr},
                     {"organisation_id", g.organisation_id ? nlohmann::json(*g.organisation_id) : nullptr}});
  return {{"id", user->id},
          {"email", user->email.value_or("")},
          {"display_name", user->display_name},
          {"postcode", user->postcode},
          {"created_at", civil::iso_time(user->created_at)},
          {"email_confirmed_at",
           user->email_confirmed_at ? nlohmann::json(civil::iso_time(*user->email_confirmed_at)) : nullptr},
          {"sessions", std::move(sessions)},
          {"roles", std::move(roles)},
          {"second_factor", second_factor_export(tx, person.user_id)}};
}

}  // namespace

modules::Person person_of(const User& user) {
  return {.user_id = user.id, .email = user.email_confirmed_at ? user.email : std::nullopt};
}

// Deleting the account itself (sessions, links, roles, the anonymised row) is AccountService's, after
// every other module has forgotten the person.
modules::PersonalData account_personal_data() {
  return {.key = "account", .heading = "Your account", .order = 0, .export_data = account_export};
}

}  // namespace cw::accounts
