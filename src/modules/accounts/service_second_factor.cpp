// The second factor: setting it up, checking a code after signing in, recovery codes, and step-up before
// the actions that change who may do what. Split from service.cpp, which covers signing in.
#include "modules/accounts/second_factor.h"
#include "modules/accounts/secrets.h"
#include "modules/accounts/service.h"
#include "modules/audit/audit.h"
#include "web/forms.h"

namespace cw::accounts {

using web::FormInvalid;

namespace {

constexpr const char* kWrongCode =
    "Enter the 6-digit code shown in your authenticator app now, or one of your recovery codes";

std::string issuer(const std::string& base_url) {
  auto start = base_url.find("://");
  auto host = start == std::string::npos ? base_url : base_url.substr(start + 3);
  host = host.substr(0, host.find('/'));
  return host.empty() ? "commonweal" : "commonweal " + host;
}

std::vector<std::string> hashes_of(const std::vector<std::string>& codes) {
  std::vector<std::string> out;
  for (const auto& c : codes) out.push_back(token_hash(*normal_recovery_code(c)));
  return out;
}

// Setting up and checking codes count against one throttle per person, as password re-checks do.
std::string code_attempts_key(std::int64_t user_id) {
  return "second_factor:" + std::to_string(user_id);
}

void refuse_while_waiting(Micros wait) {
  if (wait > 0)
    throw FormInvalid(
        "code", "There have been too many wrong codes. Wait " + wait_in_words(wait) + " and try again", 429);
}

void record(store::Tx& tx, const Actor& a, const std::string& ip, Micros now, const std::string& action,
            const std::string& after) {
  audit::record_change(tx, &a, ip, now, {action, "user", a.user_id, std::nullopt, "", after});
}

}  // namespace

SecondFactorStatus AccountService::second_factor_status(const Actor& a) const {
  return store::in_read(db_, [&](store::Tx& tx) {
    auto f = find_second_factor(tx, a.user_id);
    if (!f || !f->confirmed_at) return SecondFactorStatus{};
    return SecondFactorStatus{true, recovery_codes_left(tx, a.user_id)};
  });
}

SecondFactorSetup AccountService::begin_second_factor(const Actor& a) {
  auto secret = store::in_write(db_, [&](store::Tx& tx) {
    auto f = find_second_factor(tx, a.user_id);
    if (f && f->confirmed_at) throw FormInvalid("code", "Your second factor is already set up");
    if (f) return f->secret;
    auto made = new_totp_secret();
    put_pending_second_factor(tx, a.user_id, made, clock_.now());
    return made;
  });
  auto uri = otpauth_uri(secret, issuer(base_url_), a.email);
  return {grouped_secret(secret), qr_svg(uri, "QR code to scan with your authenticator app")};
}

std::vector<std::string> AccountService::confirm_second_factor(const Actor& a, const std::string& code,
                                                               const std::string& ip) {
  auto key = code_attempts_key(a.user_id);
  refuse_while_waiting(count_attempt(key));
  auto now = clock_.now();
  auto codes = new_recovery_codes();
  bool ok = store::in_write(db_, [&](store::Tx& tx) {
    auto f = find_second_factor(tx, a.user_id);
    if (!f || f->confirmed_at) return false;
    auto step = totp_step_matching(f->secret, code, now / 1000000);
    if (!step || !spend_totp_step(tx, a.user_id, *step)) return false;
    mark_second_factor_confirmed(tx, a.user_id, now);
    put_recovery_codes(tx, a.user_id, hashes_of(codes));
    set_session_second_factor(tx, a.session_key, now);
    clear_throttle(tx, key);
    record(tx, a, ip, now, "second_factor.set_up", "second factor on");
    return true;
  });
  if (!ok) throw FormInvalid("code", "Enter the 6-digit code your authenticator app shows for this site now");
  return codes;
}

void AccountService::check_second_factor(const Actor& a, const std::string& code, const std::string& ip) {
  auto key = code_attempts_key(a.user_id);
  refuse_while_waiting(count_attempt(key));
  auto now = clock_.now();
  auto used = store::in_write(db_, [&](store::Tx& tx) -> std::optional<std::string> {
    auto f = find_second_factor(tx, a.user_id);
    if (!f || !f->confirmed_at) return std::nullopt;
    std::string how;
    if (auto step = totp_step_matching(f->secret, code, now / 1000000)) {
      if (!spend_totp_step(tx, a.user_id, *step)) return std::nullopt;
      how = "authenticator code";
    } else if (auto rc = normal_recovery_code(code);
               rc && use_recovery_code(tx, a.user_id, token_hash(*rc), now)) {
      how = "recovery code";
    } else {
      return std::nullopt;
    }
    set_session_second_factor(tx, a.session_key, now);
    clear_throttle(tx, key);
    record(tx, a, ip, now, "second_factor.check", "passed with a " + how);
    return how;
  });
  if (!used) throw FormInvalid("code", kWrongCode);
}

std::vector<std::string> AccountService::renew_recovery_codes(const Actor& a, const std::string& code,
                                                              const std::string& ip) {
  check_second_factor(a, code, ip);
  auto codes = new_recovery_codes();
  store::in_write(db_, [&](store::Tx& tx) {
    put_recovery_codes(tx, a.user_id, hashes_of(codes));
    record(tx, a, ip, clock_.now(), "second_factor.recovery_codes", "new recovery codes");
  });
  return codes;
}

bool AccountService::step_up_needed(const Actor& a) const {
  return !a.second_factor_at || clock_.now() - *a.second_factor_at > kStepUpFor;
}

void AccountService::step_up(const Actor& a, const std::string& code, const std::string& ip) {
  if (!step_up_needed(a)) return;
  if (code.empty())
    throw FormInvalid("code", "Enter the 6-digit code from your authenticator app to confirm it is you");
  check_second_factor(a, code, ip);
}

bool AccountService::reset_second_factor(const std::string& email) {
  auto canonical = canonical_email(email);
  if (!canonical) return false;
  return store::in_write(db_, [&](store::Tx& tx) {
    auto user = find_user_by_email(tx, *canonical);
    if (!user) return false;
    delete_second_factor(tx, user->id);
    end_all_sessions(tx, user->id, clock_.now());
    audit::record_change(
        tx, nullptr, "", clock_.now(),
        {"second_factor.reset", "user", user->id, std::nullopt, "", "second factor removed"});
    return true;
  });
}

}  // namespace cw::accounts
