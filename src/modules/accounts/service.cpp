#include "modules/accounts/service.h"

#include "modules/accounts/permissions.h"
#include "modules/accounts/rules.h"
#include "modules/audit/audit.h"
#include "modules/mail/outbox.h"
#include "modules/places/places.h"
#include "web/client_address.h"
#include "web/forms.h"

namespace cw::accounts {

using web::FieldError;
using web::FormInvalid;

namespace {

std::string normalised_postcode(const std::string& input) {
  if (input.empty()) return {};
  auto p = places::normalise_postcode(input);
  if (!p) throw FormInvalid("postcode", "Enter a real postcode, like SM1 1EA, or leave it empty");
  return *p;
}

}  // namespace

std::string mail_subject(const std::string& view) {
  if (view == "confirm") return "Confirm your email address for commonweal";
  if (view == "already_registered") return "You already have a commonweal account";
  if (view == "locked") return "Someone has been trying to sign in to your commonweal account";
  if (view == "reset") return "Reset your commonweal password";
  if (view == "set_password") return "Set your password for commonweal";
  if (view == "password_changed") return "Your commonweal password has been changed";
  if (view == "change_email") return "Confirm your new email address for commonweal";
  if (view == "email_changing") return "Your commonweal email address is being changed";
  if (view == "invite") return "You have been invited to commonweal";
  if (view == "role_granted") return "You have a new role on commonweal";
  if (view == "deleted") return "Your commonweal account has been deleted";
  return "A message from commonweal";
}

AccountService::AccountService(store::Db& db, const html::Views& views, const Clock& clock,
                               std::string base_url, PasswordCost cost)
    : db_(db), views_(views), clock_(clock), base_url_(std::move(base_url)), cost_(cost) {}

void AccountService::mail(store::Tx& tx, const std::string& view, nlohmann::json data, const std::string& to,
                          const std::string& kind) const {
  data["site_url"] = base_url_;
  data["subject"] = mail_subject(view);
  auto m = mail::render_mail(views_, "accounts/mail/" + view, data, to, kind);
  // "Already registered" goes to whatever address a stranger types: at most once a day, capped and
  // suppressible like any notice. The rest are what a person needs to use their account.
  m.once_a_day = kind == "account.already_registered";
  m.account_critical = !m.once_a_day;
  mail::enqueue_mail(tx, m, clock_.now());
}

std::string AccountService::issue_token(store::Tx& tx, TokenRow t) const {
  auto token = random_token();
  insert_token(tx, token_hash(token), t, clock_.now());
  return token;
}

std::optional<TokenRow> AccountService::live_token(const std::string& token,
                                                   const std::string& purpose) const {
  if (token.empty() || token.size() > 100) return std::nullopt;
  auto t = store::in_read(db_, [&](store::Tx& tx) { return find_token(tx, token_hash(token)); });
  if (!t || t->purpose != purpose || t->used_at || t->expires_at <= clock_.now()) return std::nullopt;
  return t;
}

void AccountService::register_person(const Registration& r, const std::string& ip) {
  std::vector<FieldError> errors;
  auto email = canonical_email(r.email);
  if (!email)
    errors.push_back({"email", "Enter an email address in the correct format, like name@example.com"});
  if (auto p = display_name_problem(r.display_name)) errors.push_back({"display_name", *p});
  if (auto p = password_problem(r.password, email.value_or(""))) errors.push_back({"password", *p});
  std::string postcode;
  try {
    postcode = normalised_postcode(r.postcode);
  } catch (const FormInvalid& e) {
    errors.insert(errors.end(), e.errors.begin(), e.errors.end());
  }
  std::optional<TokenRow> invite;
  if (!r.invite_token.empty()) {
    invite = live_token(r.invite_token, "invite");
    if (!invite)
      errors.push_back({"email", "This invitation has expired or been used. Ask for a new one"});
    else if (email && *email != invite->email)
      errors.push_back({"email", "Use the address the invitation was sent to: " + invite->email});
  }
  if (!errors.empty()) throw FormInvalid(errors);
  // Hashing takes a tenth of a second or more: done before the write transaction, not inside it.
  auto hash = hash_password(r.password, cost_);
  auto now = clock_.now();
  store::in_write(db_, [&](store::Tx& tx) {
    if (auto existing = find_user_by_email(tx, *email)) {
      mail(tx, "already_registered",
           {{"name", existing->display_name},
            {"sign_in_url", link("/account/sign-in")},
            {"reset_url", link("/account/forgot-password")}},
           *email, "account.already_registered");
      return;
    }
    auto display = std::string(r.display_name);
    auto id = insert_user(tx, *email, hash, display, postcode, now);
    if (invite) {
      if (!use_token(tx, token_hash(r.invite_token), now))
        throw FormInvalid("email", "This invitation has expired or been used. Ask for a new one");
      set_email_confirmed(tx, id, now);
      RoleGrant g{invite->role, invite->locality_id ? std::optional(invite->locality_id) : std::nullopt,
                  invite->organisation_id ? std::optional(invite->organisation_id) : std::nullopt};
      insert_grant(tx, id, g, std::nullopt, now);
      audit::record_audit(tx,
                          {.actor_user_id = id,
                           .actor_label = *email,
                           .action = "role.accept_invitation",
                           .object_type = "user",
                           .object_id = std::to_string(id),
                           .locality_id = g.locality_id,
                           .ip = ip,
                           .before = "",
                           .after = "role " + g.role},
                          now);
      return;
    }
    auto token = issue_token(
        tx, {.purpose = "confirm", .user_id = id, .email = *email, .expires_at = now + kConfirmLifetime});
    // The page they were on when they chose to register comes back with them through the mailed link.
    auto back = r.next.empty() ? std::string() : "?next=" + web::percent_encode(r.next);
    // No name: the address is not confirmed yet, and the name is whatever the registrant typed.
    mail(tx, "confirm", {{"confirm_url", link("/account/confirm/" + token + back)}}, *email,
         "account.confirm");
  });
}

void AccountService::confirm_email(const std::string& token) {
  auto now = clock_.now();
  store::in_write(db_, [&](store::Tx& tx) {
    auto t = find_token(tx, token_hash(token));
    if (!t || t->purpose != "confirm" || !t->user_id || t->expires_at <= now ||
        !use_token(tx, token_hash(token), now))
      throw FormInvalid("token", "This link has expired or has already been used. Sign in to get a new one");
    set_email_confirmed(tx, *t->user_id, now);
  });
}

namespace {

using ThrottleKeys = std::vector<std::pair<std::string, ThrottleKind>>;

// The counts a sign-in attempt by `email` from `ip` goes against.
ThrottleKeys sign_in_keys(const std::string& email, const std::string& ip) {
  auto address = web::address_key(ip);
  return {{"account:" + email + "|" + address, ThrottleKind::account},
          {"account:" + email, ThrottleKind::account_wide},
          {"ip:" + address, ThrottleKind::ip}};
}

struct Attempt {
  Micros wait = 0;     // > 0: refused, and not counted
  bool locks = false;  // counting it locked the account (from that address or everywhere)
};

// Counts the attempt as a failure before the password is checked, in the caller's write transaction
// with each count locked, so that concurrent guesses are all counted; a success takes it back.
Attempt reserve_attempt(store::Tx& tx, const ThrottleKeys& keys, Micros now) {
  std::vector<ThrottleState> states;
  Attempt a;
  for (const auto& [key, kind] : keys) {
    states.push_back(lock_throttle(tx, key));
    a.wait = std::max(a.wait, throttle_wait(states.back(), kind, now));
  }
  if (a.wait > 0) return a;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    bool locked = false;
    save_throttle(tx, keys[i].first, after_failure(states[i], keys[i].second, now, locked));
    if (keys[i].second != ThrottleKind::ip) a.locks = a.locks || locked;
  }
  return a;
}

// A success: the account's counts start again, and the address's failure is taken back.
void settle_success(store::Tx& tx, const ThrottleKeys& keys) {
  for (const auto& [key, kind] : keys) {
    if (kind == ThrottleKind::ip)
      undo_failure(tx, key);
    else
      clear_throttle(tx, key);
  }
}

}  // namespace

// A failed sign-in (or one refused for waiting) at a known account, in the audit log: the address is kept
// as its network only, and nothing typed is recorded.
void AccountService::record_sign_in(const User& user, const std::string& ip, Micros now,
                                    const std::string& action, const std::string& after) const {
  store::in_write(db_, [&](store::Tx& tx) {
    audit::record_audit(tx,
                        {.actor_user_id = std::nullopt,
                         .actor_label = "someone signing in",
                         .action = action,
                         .object_type = "user",
                         .object_id = std::to_string(user.id),
                         .ip = ip,
                         .after = after},
                        now);
  });
}

NewSession AccountService::sign_in(const SignIn& s) {
  auto email = canonical_email(s.email);
  if (!email)
    throw FormInvalid("email", "Enter an email address in the correct format, like name@example.com");
  if (s.password.empty()) throw FormInvalid("password", "Enter your password");
  auto now = clock_.now();
  auto keys = sign_in_keys(*email, s.ip);
  auto [user, attempt] = store::in_write(db_, [&](store::Tx& tx) {
    auto a = reserve_attempt(tx, keys, now);
    return std::make_pair(find_user_by_email(tx, *email), a);
  });
  if (attempt.wait > 0 && user) record_sign_in(*user, s.ip, now, "account.sign_in_refused", "must wait");
  if (attempt.wait > 0)
    throw FormInvalid("email",
                      "There have been too many attempts to sign in. Wait " + wait_in_words(attempt.wait) +
                          " and try again, or reset your password",
                      429);
  bool ok = false;
  if (user && user->status == "active")
    ok = verify_password(user->password_hash, s.password);
  else
    verify_password_dummy(s.password);  // the same time whether or not the account exists
  if (!ok) {
    if (user) record_sign_in(*user, s.ip, now, "account.sign_in_failed", attempt.locks ? "locked" : "");
    if (attempt.locks && user && user->status == "active")
      store::in_write(db_, [&](store::Tx& tx) {
        // A one-time link that lets the owner in: resetting the password clears every count.
        auto token = issue_token(
            tx,
            {.purpose = "reset", .user_id = user->id, .email = *email, .expires_at = now + kResetLifetime});
        mail(tx, "locked", {{"reset_url", link("/account/reset/" + token)}}, *email, "account.locked");
      });
    throw FormInvalid("email", "The email address or password is not right. Check them and try again");
  }
  store::in_write(db_, [&](store::Tx& tx) { settle_success(tx, keys); });
  if (!user->email_confirmed_at) {
    store::in_write(db_, [&](store::Tx& tx) {
      auto token = issue_token(
          tx,
          {.purpose = "confirm", .user_id = user->id, .email = *email, .expires_at = now + kConfirmLifetime});
      mail(tx, "confirm", {{"confirm_url", link("/account/confirm/" + token)}}, *email, "account.confirm");
    });
    throw FormInvalid("email", "Confirm your email address first. We have sent you a new link");
  }
  auto rehash = password_needs_rehash(user->password_hash, cost_) ? hash_password(s.password, cost_) : "";
  NewSession out{random_token(), user->id};
  store::in_write(db_, [&](store::Tx& tx) {
    if (!rehash.empty()) set_password_hash(tx, user->id, rehash);
    insert_session(tx, {token_hash(out.cookie_value), user->id, now, now, now + kSessionAbsolute,
                        audit::ip_prefix(s.ip), s.user_agent.substr(0, 200)});
    for (const auto& g : user_grants(tx, user->id)) out.second_factor_due |= g.role != role::resident;
    audit::record_audit(tx,
                        {.actor_user_id = user->id,
                         .actor_label = *email,
                         .action = "account.sign_in",
                         .object_type = "user",
                         .object_id = std::to_string(user->id),
                         .ip = s.ip,
                         .after = out.second_factor_due ? "password accepted; second factor next" : ""},
                        now);
  });
  return out;
}

void AccountService::sign_out(const std::string& cookie_value) {
  store::in_write(db_,
                  [&](store::Tx& tx) { accounts::end_session(tx, token_hash(cookie_value), clock_.now()); });
}

void AccountService::request_password_reset(const std::string& email_input, const std::string& ip) {
  auto email = canonical_email(email_input);
  if (!email)
    throw FormInvalid("email", "Enter an email address in the correct format, like name@example.com");
  auto now = clock_.now();
  store::in_write(db_, [&](store::Tx& tx) {
    // Each request counts against the address, so nobody can flood someone's inbox with reset mails:
    // past five in 15 minutes, the waits grow as for failed sign-ins. The page says the same either way.
    auto key = "reset:" + *email;
    auto state = load_throttle(tx, key);
    if (throttle_wait(state, ThrottleKind::account, now) > 0) return;
    bool locked = false;
    save_throttle(tx, key, after_failure(state, ThrottleKind::account, now, locked));
    auto user = find_user_by_email(tx, *email);
    if (!user || user->status != "active") return;  // the same page either way
    spend_account_links(tx, user->id, now);         // only the newest link works
    auto token = issue_token(
        tx, {.purpose = "reset", .user_id = user->id, .email = *email, .expires_at = now + kResetLifetime});
    mail(tx, "reset",
         {{"name", user->display_name},
          {"reset_url", link("/account/reset/" + token)},
          {"ip", audit::ip_prefix(ip)}},
         *email, "account.reset");
  });
}

void AccountService::reset_password(const std::string& token, const std::string& password) {
  auto t = live_token(token, "reset");
  if (!t || !t->user_id)
    throw FormInvalid("password", "This link has expired or has already been used. Ask for a new one", 410);
  if (auto p = password_problem(password, t->email)) throw FormInvalid("password", *p);
  auto hash = hash_password(password, cost_);
  auto now = clock_.now();
  store::in_write(db_, [&](store::Tx& tx) {
    // A reset link works only for the address it was sent to: not once the account's address changed.
    auto user = find_user(tx, *t->user_id);
    if (!user || user->email != t->email || !use_token(tx, token_hash(token), now))
      throw FormInvalid("password", "This link has expired or has already been used. Ask for a new one", 410);
    spend_account_links(tx, *t->user_id, now);
    set_password_hash(tx, *t->user_id, hash);
    set_email_confirmed(tx, *t->user_id, now);  // the link proved they read mail at this address
    end_all_sessions(tx, *t->user_id, now);
    clear_account_throttles(tx, t->email);  // the mailed link lets the owner back in
    mail(tx, "password_changed", {{"reset_url", link("/account/forgot-password")}}, t->email,
         "account.password_changed");
  });
}

}  // namespace cw::accounts
