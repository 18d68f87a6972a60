// What people do with their accounts, one function per command, each in one transaction: register,
// confirm, sign in and out, reset a password, change email or profile, end sessions, download or
// delete their data, and (for admins) grant roles and invite people. Mail goes to the outbox and role
// changes to the audit log inside the same transaction. Rule breaks throw web::FormInvalid.
// Thread-safe: holds only references to shared, immutable things.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/actor.h"
#include "common/clock.h"
#include "html/views.h"
#include "modules/accounts/secrets.h"
#include "modules/accounts/store.h"
#include "modules/personal_data.h"
#include "store/db.h"

namespace cw::accounts {

struct Registration {
  std::string email, display_name, password, postcode;
  std::string invite_token;  // set when accepting an invitation: the address is then already proven
  std::string next;          // a page on this site to return to after confirming ("" for none)
};

struct SignIn {
  std::string email, password, ip, user_agent;
};

struct NewSession {
  std::string cookie_value;  // goes in the cookie; only its hash is stored
  std::int64_t user_id = 0;
  bool second_factor_due = false;  // holds a role: asks for the second factor next
};

struct Invitation {
  std::string email, role;
  std::optional<std::int64_t> locality_id;
  std::optional<std::int64_t> organisation_id;  // for an organisation admin: the organisation's number
};

// What the set-up page shows: the secret for the app, as a QR code and typed out.
struct SecondFactorSetup {
  std::string secret_grouped;  // "ABCD EFGH …", for typing into an app by hand
  std::string qr_svg;          // the otpauth:// link as a QR code (inline SVG)
};

struct SecondFactorStatus {
  bool on = false;                 // set up and confirmed
  std::int64_t recovery_left = 0;  // recovery codes not yet used
};

// The subject line of each account mail (views accounts/mail/<view>.txt and .html).
std::string mail_subject(const std::string& view);

class AccountService {
 public:
  AccountService(store::Db& db, const html::Views& views, const Clock& clock, std::string base_url,
                 PasswordCost cost = {});

  // Creates the account and mails a confirmation link. An address that already has an account gets a
  // mail saying so instead, and the caller shows the same page: nobody learns who has an account.
  void register_person(const Registration& r, const std::string& ip);
  // Confirms the address the link was sent to. Throws FormInvalid("token", …) when it is unknown, used
  // or expired.
  void confirm_email(const std::string& token);
  NewSession sign_in(const SignIn& s);
  void sign_out(const std::string& cookie_value);
  void request_password_reset(const std::string& email, const std::string& ip);
  // Sets the new password and ends every session of the person.
  void reset_password(const std::string& token, const std::string& password);
  // Whether a mailed token is usable now, for the page that shows its form.
  std::optional<TokenRow> live_token(const std::string& token, const std::string& purpose) const;

  void update_profile(const Actor& a, const std::string& display_name, const std::string& postcode);
  void request_email_change(const Actor& a, const std::string& new_email, const std::string& password);
  // Changes the password of someone signed in, who knows the current one. Their other sessions end;
  // this one (a.session_key) stays. Mails them that it changed.
  void change_password(const Actor& a, const std::string& current, const std::string& new_password);
  void confirm_email_change(const std::string& token);
  bool end_session(const Actor& a, const std::string& session_id_hash);
  std::vector<SessionRow> sessions(const Actor& a) const;
  // Everything held about the person, as one JSON document.
  nlohmann::json export_data(const Actor& a) const;
  // What every module lists for them on "Your activity", and the address it looked them up by (nullopt
  // while the account's address is unconfirmed: then only what they did signed in is found).
  struct Activity {
    std::vector<modules::ActivitySection> sections;
    std::optional<std::string> email;
  };
  Activity activity(const Actor& a) const;
  void delete_account(const Actor& a, const std::string& password, const std::string& ip);

  // Grants `role` to the person with `email`, or invites them by mail if they have no account yet.
  // Returns true when an invitation was sent. Refused (FormInvalid) unless can_grant allows it.
  bool grant_or_invite(const Actor& admin, const Invitation& inv, const std::string& ip);
  void revoke(const Actor& admin, std::int64_t user_id, const RoleGrant& g, const std::string& ip);

  // For the CLI: creates (or finds) the person and grants the role without an acting admin. Returns a
  // set-password link when the account is new.
  std::optional<std::string> add_user_with_role(const std::string& email, const std::string& display_name,
                                                const RoleGrant& g);

  // The second factor (second_factor.h), which every role holder needs for their roles to work.
  SecondFactorStatus second_factor_status(const Actor& a) const;
  // A pending secret to set up (the same one until it is confirmed, so reloading keeps the QR code).
  // Throws FormInvalid("code", …) when a second factor is already on.
  SecondFactorSetup begin_second_factor(const Actor& a);
  // Confirms the pending secret with a code from the app; the session counts as checked. Returns the new
  // recovery codes, shown once.
  std::vector<std::string> confirm_second_factor(const Actor& a, const std::string& code,
                                                 const std::string& ip);
  // Checks an authenticator code or a recovery code and marks the session as checked. Throttled as
  // password re-checks are; throws FormInvalid("code", …) when it is wrong, used or must wait.
  void check_second_factor(const Actor& a, const std::string& code, const std::string& ip);
  // New recovery codes in place of the old, after a code from the app.
  std::vector<std::string> renew_recovery_codes(const Actor& a, const std::string& code,
                                                const std::string& ip);
  // Whether a form for granting or removing a role or blocking must ask for a code: the session's last
  // check is older than kStepUpFor.
  bool step_up_needed(const Actor& a) const;
  // Step-up before those actions: nothing when the last check is recent, otherwise check_second_factor.
  void step_up(const Actor& a, const std::string& code, const std::string& ip);
  // For the command line, when someone has lost both their phone and recovery codes: removes their second
  // factor and ends their sessions (audited), so that they set it up again at their next sign-in. False
  // when there is no such account.
  bool reset_second_factor(const std::string& email);

 private:
  // Counts an attempt under `key` before it is checked (so concurrent guesses cannot overtake the count)
  // and returns how long it must wait first (0: go ahead, the attempt is counted). clear_throttle on success.
  Micros count_attempt(const std::string& key);
  void record_sign_in(const User& user, const std::string& ip, Micros now, const std::string& action,
                      const std::string& after) const;
  void mail(store::Tx& tx, const std::string& view, nlohmann::json data, const std::string& to,
            const std::string& kind) const;
  std::string issue_token(store::Tx& tx, TokenRow t) const;
  std::string link(const std::string& path) const { return base_url_ + path; }
  // The password asked again before a change (password, email, deletion), counted as sign-ins are so
  // that a stolen session cannot guess it: throws FormInvalid 429 when it must wait; false when wrong.
  bool recheck_password(std::int64_t user_id, const std::string& password_hash, const std::string& password,
                        const char* field = "password");

  store::Db& db_;
  const html::Views& views_;
  const Clock& clock_;
  std::string base_url_;
  PasswordCost cost_;
};

}  // namespace cw::accounts
