// The signed-in person's own account (profile, email, sessions, their data) and what admins do to
// others' roles. Split from service.cpp, which covers getting in: registering, signing in, resetting.
#include "common/civil_date.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/personal_data.h"
#include "modules/accounts/rules.h"
#include "modules/accounts/service.h"
#include "modules/audit/audit.h"
#include "modules/personal_data.h"
#include "modules/places/places.h"
#include "web/forms.h"

namespace cw::accounts {

using web::FormInvalid;

namespace {

std::string grant_text(const RoleGrant& g) {
  auto text = "role " + g.role;
  if (g.locality_id) text += " in locality " + std::to_string(*g.locality_id);
  if (g.organisation_id) text += " for organisation " + std::to_string(*g.organisation_id);
  return text;
}

}  // namespace

void AccountService::update_profile(const Actor& a, const std::string& display_name,
                                    const std::string& postcode) {
  std::vector<web::FieldError> errors;
  if (auto p = display_name_problem(display_name)) errors.push_back({"display_name", *p});
  std::optional<std::string> pc;
  if (!postcode.empty()) {
    pc = places::normalise_postcode(postcode);
    if (!pc) errors.push_back({"postcode", "Enter a real postcode, like SM1 1EA, or leave it empty"});
  }
  if (!errors.empty()) throw FormInvalid(errors);
  store::in_write(db_, [&](store::Tx& tx) { set_profile(tx, a.user_id, display_name, pc.value_or("")); });
}

Micros AccountService::count_attempt(const std::string& key) {
  auto now = clock_.now();
  return store::in_write(db_, [&](store::Tx& tx) {
    auto state = lock_throttle(tx, key);
    auto w = throttle_wait(state, ThrottleKind::account, now);
    bool locked = false;
    if (w == 0) save_throttle(tx, key, after_failure(state, ThrottleKind::account, now, locked));
    return w;
  });
}

bool AccountService::recheck_password(std::int64_t user_id, const std::string& password_hash,
                                      const std::string& password, const char* field) {
  auto key = "recheck:" + std::to_string(user_id);
  if (auto wait = count_attempt(key); wait > 0)
    throw FormInvalid(
        field, "There have been too many wrong passwords. Wait " + wait_in_words(wait) + " and try again",
        429);
  if (!verify_password(password_hash, password)) return false;
  store::in_write(db_, [&](store::Tx& tx) { clear_throttle(tx, key); });
  return true;
}

void AccountService::change_password(const Actor& a, const std::string& current,
                                     const std::string& new_password) {
  auto user = store::in_read(db_, [&](store::Tx& tx) { return find_user(tx, a.user_id); });
  std::vector<web::FieldError> errors;
  if (!user || !recheck_password(a.user_id, user->password_hash, current))
    errors.push_back({"current_password", "Your current password is not right. Check it and try again"});
  if (auto p = password_problem(new_password, user ? user->email.value_or("") : ""))
    errors.push_back({"new_password", *p});
  else if (new_password == current)
    errors.push_back({"new_password", "Your new password must be different from your current one"});
  if (!errors.empty()) throw FormInvalid(errors);
  auto hash = hash_password(new_password, cost_);
  auto now = clock_.now();
  store::in_write(db_, [&](store::Tx& tx) {
    set_password_hash(tx, a.user_id, hash);
    spend_account_links(tx, a.user_id, now);
    end_other_sessions(tx, a.user_id, a.session_key, now);
    if (user->email)
      mail(tx, "password_changed", {{"reset_url", link("/account/forgot-password")}}, *user->email,
           "account.password_changed");
  });
}

void AccountService::request_email_change(const Actor& a, const std::string& new_email,
                                          const std::string& password) {
  auto email = canonical_email(new_email);
  if (!email)
    throw FormInvalid("email", "Enter an email address in the correct format, like name@example.com");
  auto user = store::in_read(db_, [&](store::Tx& tx) { return find_user(tx, a.user_id); });
  if (!user || !recheck_password(a.user_id, user->password_hash, password))
    throw FormInvalid("password", "Your password is not right. Check it and try again");
  if (user->email == email) throw FormInvalid("email", "This is already your email address");
  auto now = clock_.now();
  store::in_write(db_, [&](store::Tx& tx) {
    // Whether someone else has the address is not said here: the confirmation step refuses it instead.
    auto token = issue_token(tx, {.purpose = "change_email",
                                  .user_id = a.user_id,
                                  .email = *email,
                                  .expires_at = now + kConfirmLifetime});
    mail(tx, "change_email",
         {{"name", user->display_name}, {"confirm_url", link("/account/confirm-email/" + token)}}, *email,
         "account.change_email");
    mail(tx, "email_changing", {{"name", user->display_name}, {"new_email", *email}},
         user->email.value_or(""), "account.email_changing");
  });
}

void AccountService::confirm_email_change(const std::string& token) {
  auto t = live_token(token, "change_email");
  if (!t || !t->user_id)
    throw FormInvalid("token", "This link has expired or has already been used. Ask for a new one", 410);
  auto now = clock_.now();
  store::in_write(db_, [&](store::Tx& tx) {
    if (find_user_by_email(tx, t->email))
      throw FormInvalid("token", "Another account already uses this email address");
    if (!use_token(tx, token_hash(token), now))
      throw FormInvalid("token", "This link has expired or has already been used. Ask for a new one", 410);
    spend_account_links(tx, *t->user_id, now);  // links mailed to the old address stop working
    set_email(tx, *t->user_id, t->email, now);
  });
}

bool AccountService::end_session(const Actor& a, const std::string& session_id_hash) {
  return store::in_write(
      db_, [&](store::Tx& tx) { return end_own_session(tx, a.user_id, session_id_hash, clock_.now()); });
}

std::vector<SessionRow> AccountService::sessions(const Actor& a) const {
  return store::in_read(db_, [&](store::Tx& tx) { return live_sessions(tx, a.user_id, clock_.now()); });
}

nlohmann::json AccountService::export_data(const Actor& a) const {
  auto now = clock_.now();
  return store::in_read(db_, [&](store::Tx& tx) {
    auto user = find_user(tx, a.user_id);
    if (!user) throw FormInvalid("account", "There is no account to export");
    nlohmann::json out{
        {"about",
         "Everything commonweal holds about you, by your account and by your confirmed email address. Times "
         "are in UTC (ISO 8601). Your password is stored only as an argon2id hash, which is not included. "
         "See the privacy notice for why each item is kept and for how long."},
        {"exported_at", civil::iso_time(now)}};
    out.update(modules::export_personal_data(tx, person_of(*user), now));
    return out;
  });
}

AccountService::Activity AccountService::activity(const Actor& a) const {
  return store::in_read(db_, [&](store::Tx& tx) {
    auto user = find_user(tx, a.user_id);
    if (!user) throw FormInvalid("account", "There is no account to show");
    auto person = person_of(*user);
    return Activity{modules::collect_activity(tx, person, clock_.now()), person.email};
  });
}

void AccountService::delete_account(const Actor& a, const std::string& password, const std::string& ip) {
  auto user = store::in_read(db_, [&](store::Tx& tx) { return find_user(tx, a.user_id); });
  if (!user || !recheck_password(a.user_id, user->password_hash, password))
    throw FormInvalid("password", "Your password is not right. Check it and try again");
  auto now = clock_.now();
  store::in_write(db_, [&](store::Tx& tx) {
    modules::forget_person(tx, person_of(*user), now);
    end_all_sessions(tx, a.user_id, now);
    delete_user_tokens(tx, a.user_id);
    delete_user_grants(tx, a.user_id);
    delete_second_factor(tx, a.user_id);
    anonymise_user(tx, a.user_id, now);
    if (user->email) mail(tx, "deleted", nlohmann::json::object(), *user->email, "account.deleted");
    audit::record_audit(tx,
                        {.actor_user_id = a.user_id,
                         .actor_label = "deleted account " + std::to_string(a.user_id),
                         .action = "account.delete",
                         .object_type = "user",
                         .object_id = std::to_string(a.user_id),
                         .ip = ip,
                         .before = "active",
                         .after = "deleted and anonymised"},
                        now);
  });
}

bool AccountService::grant_or_invite(const Actor& admin, const Invitation& inv, const std::string& ip) {
  auto email = canonical_email(inv.email);
  if (!email)
    throw FormInvalid("email", "Enter an email address in the correct format, like name@example.com");
  const RoleInfo* info = find_role(inv.role);
  if (!info) throw FormInvalid("role", "Choose a role");
  // An organisation admin runs their organisation in one locality: both are named.
  bool in_locality = info->per_locality || info->per_organisation;
  if (in_locality && !inv.locality_id) throw FormInvalid("locality", "Choose the locality the role is for");
  if (info->per_organisation && (!inv.organisation_id || *inv.organisation_id <= 0))
    throw FormInvalid("organisation",
                      "Enter the organisation's number as a whole number, for example 12: the asset register "
                      "shows it on each asset the organisation runs");
  auto locality = in_locality ? inv.locality_id : std::nullopt;
  auto organisation = info->per_organisation ? inv.organisation_id : std::nullopt;
  if (!can_grant(&admin, inv.role, locality))
    throw FormInvalid("role", "You cannot grant this role here. Ask a platform admin", 403);
  auto role_text = std::string(info->label);
  if (organisation) role_text += " for organisation " + std::to_string(*organisation);
  auto now = clock_.now();
  return store::in_write(db_, [&](store::Tx& tx) {
    RoleGrant g{inv.role, locality, organisation};
    auto user = find_user_by_email(tx, *email);
    if (user && user->status == "active") {
      bool added = insert_grant(tx, user->id, g, admin.user_id, now);
      if (added) {
        mail(tx, "role_granted",
             {{"name", user->display_name}, {"role", role_text}, {"account_url", link("/account")}}, *email,
             "account.role_granted");
        audit::record_audit(tx,
                            {.actor_user_id = admin.user_id,
                             .actor_label = admin.email,
                             .action = "role.grant",
                             .object_type = "user",
                             .object_id = std::to_string(user->id),
                             .locality_id = locality,
                             .ip = ip,
                             .before = "",
                             .after = grant_text(g)},
                            now);
      }
      return false;
    }
    auto token = issue_token(tx, {.purpose = "invite",
                                  .email = *email,
                                  .role = inv.role,
                                  .locality_id = locality.value_or(0),
                                  .expires_at = now + kConfirmLifetime,
                                  .organisation_id = organisation.value_or(0)});
    mail(tx, "invite", {{"role", role_text}, {"invite_url", link("/account/register?invite=" + token)}},
         *email, "account.invite");
    audit::record_audit(tx,
                        {.actor_user_id = admin.user_id,
                         .actor_label = admin.email,
                         .action = "role.invite",
                         .object_type = "email",
                         .object_id = *email,
                         .locality_id = locality,
                         .ip = ip,
                         .before = "",
                         .after = grant_text(g)},
                        now);
    return true;
  });
}

void AccountService::revoke(const Actor& admin, std::int64_t user_id, const RoleGrant& g,
                            const std::string& ip) {
  if (!can_grant(&admin, g.role, g.locality_id))
    throw FormInvalid("role", "You cannot remove this role here. Ask a platform admin", 403);
  if (user_id == admin.user_id && g.role == role::platform_admin)
    throw FormInvalid("role", "You cannot remove your own platform admin role. Ask another platform admin");
  auto now = clock_.now();
  store::in_write(db_, [&](store::Tx& tx) {
    if (!delete_grant(tx, user_id, g)) return;
    audit::record_audit(tx,
                        {.actor_user_id = admin.user_id,
                         .actor_label = admin.email,
                         .action = "role.revoke",
                         .object_type = "user",
                         .object_id = std::to_string(user_id),
                         .locality_id = g.locality_id,
                         .ip = ip,
                         .before = grant_text(g),
                         .after = ""},
                        now);
  });
}

std::optional<std::string> AccountService::add_user_with_role(const std::string& email_input,
                                                              const std::string& display_name,
                                                              const RoleGrant& g) {
  auto email = canonical_email(email_input);
  if (!email) throw FormInvalid("email", "not an email address: " + email_input);
  if (!find_role(g.role)) throw FormInvalid("role", "unknown role: " + g.role);
  auto now = clock_.now();
  return store::in_write(db_, [&](store::Tx& tx) -> std::optional<std::string> {
    auto user = find_user_by_email(tx, *email);
    std::optional<std::string> link_out;
    std::int64_t id = 0;
    if (user) {
      id = user->id;
    } else {
      id = insert_user(tx, *email, "", display_name.empty() ? *email : display_name, "", now);
      set_email_confirmed(tx, id, now);
      auto token = issue_token(
          tx, {.purpose = "reset", .user_id = id, .email = *email, .expires_at = now + kConfirmLifetime});
      link_out = link("/account/reset/" + token);
      const auto* role = find_role(g.role);
      mail(tx, "set_password",
           {{"name", display_name}, {"reset_url", *link_out}, {"role", role ? role->label : g.role}}, *email,
           "account.set_password");
    }
    if (insert_grant(tx, id, g, std::nullopt, now))
      audit::record_audit(tx,
                          {.actor_label = "system (command line)",
                           .action = "role.grant",
                           .object_type = "user",
                           .object_id = std::to_string(id),
                           .locality_id = g.locality_id,
                           .ip = "",
                           .before = "",
                           .after = grant_text(g)},
                          now);
    return link_out;
  });
}

}  // namespace cw::accounts
