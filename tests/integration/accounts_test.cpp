// Accounts over real HTTP on SQLite and on PostgreSQL: registering, confirming, signing in and out,
// CSRF refusals, session fixation, password resets, sign-in throttling, roles and the audit log, and
// registration errors, and moderation (report, queue, decision). Mail is read straight from the outbox table.
// People that a test only needs to exist are written through the store with a cheap password hash, so that
// each test pays for full-cost argon2id only where the behaviour under test needs it.
#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <regex>
#include <string>
#include <utility>

#include "html/views.h"
#include "http_client.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/secrets.h"
#include "modules/accounts/service.h"
#include "modules/accounts/store.h"
#include "modules/audit/audit.h"
#include "modules/moderation/moderation.h"
#include "modules/places/overview.h"
#include "site_fixture.h"
#include "test_server.h"
#include "web/csrf.h"
#include "web/http.h"

namespace cw::testing {
namespace {

std::string set_cookie_line(const HttpReply& r) {
  auto [first, last] = r.headers.equal_range("set-cookie");
  return first == last ? std::string() : first->second;
}

// The link token after `path` in a mail body ("/account/confirm/" → the token).
std::string token_in(const std::string& body, const std::string& path) {
  std::smatch m;
  if (!std::regex_search(body, m, std::regex(path + "([A-Za-z0-9_-]+)"))) return {};
  return m[1].str();
}

// The error summary's list, for comparing what two refusals said.
std::string error_summary(const std::string& html) {
  auto start = html.find("govuk-error-summary__list");
  if (start == std::string::npos) return {};
  return html.substr(start, html.find("</ul>", start) - start);
}

// The <input …> tag with this id.
std::string input_tag(const std::string& html, const std::string& id) {
  auto at = html.find("id=\"" + id + "\" name=");
  if (at == std::string::npos) return {};
  auto start = html.rfind("<input", at);
  return html.substr(start, html.find('>', at) - start + 1);
}

class AccountsTest : public SiteTest {
 protected:
  HttpReply sign_in(const std::string& email, const std::string& password, const std::string& cookie = {}) {
    return post(
        "/account/sign-in",
        {{"csrf_token", token_from("/account/sign-in", cookie)}, {"email", email}, {"password", password}},
        cookie);
  }
  // Signs in over HTTP and returns the new session cookie's value.
  std::string signed_in(const std::string& email, const std::string& password = kPassword) {
    auto r = sign_in(email, password);
    EXPECT_EQ(r.status, 303) << r.body;
    auto cookie = set_session(r);
    EXPECT_TRUE(cookie.has_value()) << "no session cookie set";
    return cookie.value_or("");
  }

  // The text body of the newest mail to `to`.
  std::string last_mail(const std::string& to) {
    return store::in_read(db(), [&](store::Tx& tx) {
      auto r = tx.run("SELECT text_body FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1", to);
      return r.empty() ? std::string() : r.rows[0].text(0);
    });
  }
  std::int64_t users_with_email(const std::string& email) {
    return count("SELECT COUNT(*) FROM users WHERE email = $1", email);
  }
  std::string display_name(std::int64_t id) {
    return store::in_read(db(), [&](store::Tx& tx) {
      return tx.run("SELECT display_name FROM users WHERE id = $1", id).one().text(0);
    });
  }
  void expect_redirect_to_sign_in(const std::string& cookie, const std::string& why) {
    auto r = get("/account", cookie);
    EXPECT_EQ(r.status, 303) << why;
    EXPECT_EQ(r.header("location"), "/account/sign-in?next=%2Faccount") << why;
  }
};

TEST_P(AccountsTest, the_page_someone_came_from_comes_back_with_them_through_registering_and_confirming) {
  auto sign_in_page = get("/account/sign-in?next=%2Fpetitions%2F1");
  EXPECT_TRUE(contains(sign_in_page.body, "href=\"/account/register?next=%2Fpetitions%2F1\""));
  auto form = get("/account/register?next=%2Fpetitions%2F1");
  EXPECT_TRUE(contains(form.body, "name=\"next\" value=\"/petitions/1\""));
  auto registered = post("/account/register", {{"csrf_token", csrf_in(form.body)},
                                               {"email", "ben@example.org"},
                                               {"display_name", "Ben"},
                                               {"password", kPassword},
                                               {"next", "/petitions/1"}});
  ASSERT_EQ(registered.status, 303) << registered.body.substr(0, 300);
  auto mail = last_mail("ben@example.org");
  EXPECT_TRUE(contains(mail, "?next=%2Fpetitions%2F1")) << mail;
  auto token = token_in(mail, "/account/confirm/");
  auto button = get("/account/confirm/" + token + "?next=%2Fpetitions%2F1");
  EXPECT_TRUE(contains(button.body, "name=\"next\" value=\"/petitions/1\""));
  auto confirmed =
      post("/account/confirm/" + token, {{"csrf_token", csrf_in(button.body)}, {"next", "/petitions/1"}});
  ASSERT_EQ(confirmed.status, 303);
  EXPECT_EQ(confirmed.header("location"), "/account/sign-in?confirmed=1&next=%2Fpetitions%2F1");
  auto in = post("/account/sign-in", {{"csrf_token", token_from("/account/sign-in")},
                                      {"email", "ben@example.org"},
                                      {"password", kPassword},
                                      {"next", "/petitions/1"}});
  EXPECT_EQ(in.header("location"), "/petitions/1");
  auto elsewhere = post("/account/register", {{"csrf_token", csrf_in(form.body)},
                                              {"email", "cat@example.org"},
                                              {"display_name", "Cat"},
                                              {"password", kPassword},
                                              {"next", "https://evil.example/"}});
  EXPECT_FALSE(contains(last_mail("cat@example.org"), "evil")) << "only pages of this site";
}

TEST_P(AccountsTest, a_signed_in_person_changes_their_password_and_stays_signed_in_here_only) {
  person("ann@example.org");
  auto here = signed_in("ann@example.org");
  auto elsewhere = signed_in("ann@example.org");
  auto change = [&](const std::string& current, const std::string& next) {
    return post("/account/password",
                {{"csrf_token", token_from("/account/password", here)},
                 {"current_password", current},
                 {"new_password", next}},
                here);
  };
  auto wrong = change("not my password", "otter lamp harbour");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(contains(wrong.body, "Your current password is not right"));
  auto common = change(kPassword, "password1234");
  EXPECT_EQ(common.status, 422);
  EXPECT_TRUE(contains(common.body, "one of the most common passwords"));
  auto done = change(kPassword, "otter lamp harbour");
  ASSERT_EQ(done.status, 303) << done.body.substr(0, 300);
  EXPECT_EQ(done.header("location"), "/account?password=1");
  EXPECT_TRUE(contains(get("/account?password=1", here).body, "Your password has been changed"));
  expect_redirect_to_sign_in(elsewhere, "the other session ended");
  EXPECT_EQ(sign_in("ann@example.org", kPassword).status, 422) << "the old password no longer works";
  EXPECT_EQ(sign_in("ann@example.org", "otter lamp harbour").status, 303);
  EXPECT_TRUE(contains(last_mail("ann@example.org"), "password"));
}

TEST_P(AccountsTest, a_person_registers_confirms_signs_in_changes_their_name_and_signs_out) {
  const std::string email = "ann@example.org";
  auto registered = post("/account/register", {{"csrf_token", token_from("/account/register")},
                                               {"email", "Ann@Example.org"},
                                               {"display_name", "Ann Smith"},
                                               {"password", kPassword},
                                               {"postcode", ""}});
  ASSERT_EQ(registered.status, 303) << registered.body;
  EXPECT_EQ(registered.header("location"), "/account/check-email");
  EXPECT_FALSE(set_session(registered)) << "registering does not sign in";

  // Not confirmed yet: signing in is refused and says why.
  auto early = sign_in(email, kPassword);
  EXPECT_EQ(early.status, 422);
  EXPECT_TRUE(contains(early.body, "Confirm your email address first")) << early.body;
  EXPECT_FALSE(set_session(early));

  auto token = token_in(last_mail(email), "/account/confirm/");
  ASSERT_FALSE(token.empty()) << last_mail(email);
  auto button = get("/account/confirm/" + token);
  ASSERT_EQ(button.status, 200);
  EXPECT_TRUE(contains(button.body, "<button type=\"submit\""))
      << "a GET shows a button, it does not confirm";
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE email = $1 AND email_confirmed_at IS NULL", email), 1);
  auto confirmed = post("/account/confirm/" + token, {{"csrf_token", csrf_in(button.body)}});
  ASSERT_EQ(confirmed.status, 303) << confirmed.body;
  EXPECT_EQ(confirmed.header("location"), "/account/sign-in?confirmed=1");
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE email = $1 AND email_confirmed_at IS NULL", email), 0);

  auto in = sign_in(email, kPassword);
  ASSERT_EQ(in.status, 303) << in.body;
  EXPECT_EQ(in.header("location"), "/account");
  auto cookie = set_session(in).value_or("");
  ASSERT_GE(cookie.size(), 40u);
  auto line = set_cookie_line(in);
  EXPECT_TRUE(contains(line, "HttpOnly")) << line;
  EXPECT_TRUE(contains(line, "SameSite=Lax")) << line;
  EXPECT_FALSE(contains(line, "Max-Age")) << "a browser-session cookie: " << line;

  auto profile = post("/account/profile",
                      {{"csrf_token", token_from("/account/profile", cookie)},
                       {"display_name", "Ann Jones"},
                       {"postcode", ""}},
                      cookie);
  ASSERT_EQ(profile.status, 303) << profile.body;
  EXPECT_EQ(profile.header("location"), "/account?saved=1");
  auto overview = get("/account", cookie);
  ASSERT_EQ(overview.status, 200);
  EXPECT_TRUE(contains(overview.body, "Ann Jones"));
  EXPECT_FALSE(contains(overview.body, "Ann Smith"));

  auto out = post("/account/sign-out", {{"csrf_token", csrf_in(overview.body)}}, cookie);
  ASSERT_EQ(out.status, 303) << out.body;
  EXPECT_EQ(out.header("location"), "/");
  auto cleared = set_cookie_line(out);
  EXPECT_TRUE(cleared.starts_with(std::string(kCookie) + "=")) << cleared;
  EXPECT_TRUE(contains(cleared, "Max-Age=0")) << cleared;
  EXPECT_NE(set_session(out), cookie);
  expect_redirect_to_sign_in(cookie, "the ended session no longer signs in, even if a browser kept it");
}

TEST_P(AccountsTest, csrf_missing_wrong_foreign_or_expired_tokens_are_refused_and_nothing_is_written) {
  const std::string email = "csrf@example.org";
  auto with_token = [&](const std::string& token) {
    return post("/account/register", {{"csrf_token", token},
                                      {"email", email},
                                      {"display_name", "Cee Surf"},
                                      {"password", kPassword},
                                      {"postcode", ""}});
  };
  auto site_key = store::in_read(db(), [](store::Tx& tx) {
    return tx.run("SELECT value FROM site_secrets WHERE name = 'csrf_key'").one().text(0);
  });
  auto good = token_from("/account/register");
  auto expired =
      web::anonymous_csrf_token(site_key, kFormCookie, kServerNow - web::kAnonymousCsrfLifetime - 1000000);
  // The expiry pushed a day later while keeping the signature: the signature no longer matches.
  auto dot = good.find('.');
  auto stretched = std::to_string(std::stoll(good.substr(0, dot)) + 86400) + good.substr(dot);
  auto one_changed = good;
  one_changed[dot + 5] = one_changed[dot + 5] == 'A' ? 'B' : 'A';

  auto missing =
      post("/account/register",
           {{"email", email}, {"display_name", "Cee Surf"}, {"password", kPassword}, {"postcode", ""}});
  EXPECT_EQ(missing.status, 403);
  EXPECT_TRUE(contains(missing.body, "This form has expired")) << missing.body;
  EXPECT_EQ(with_token("not-a-token").status, 403) << "a made-up token";
  EXPECT_EQ(with_token(web::anonymous_csrf_token("another site's key", kFormCookie, kServerNow)).status, 403)
      << "a token signed by another site";
  EXPECT_EQ(with_token(one_changed).status, 403) << "one character changed";
  EXPECT_EQ(with_token(stretched).status, 403) << "the expiry changed";
  EXPECT_EQ(with_token(expired).status, 403) << "signed here but expired";
  EXPECT_EQ(users_with_email(email), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = $1", email), 0);

  // The same request with the page's own token goes through, so the refusals above were the token's.
  auto accepted = with_token(good);
  EXPECT_EQ(accepted.status, 303) << accepted.body;
  EXPECT_EQ(users_with_email(email), 1);
}

TEST_P(AccountsTest, anonymous_forms_are_bound_to_the_browsers_form_cookie_which_only_form_pages_set) {
  // A reader with no cookies: pages without forms set none; a page with a form sets the form cookie.
  auto places = http_get(port(), "/places");
  EXPECT_EQ(places.status, 200);
  EXPECT_EQ(places.headers.count("set-cookie"), 0u) << "reading sets no cookie";
  auto form_page = http_get(port(), "/account/register");
  auto line = set_cookie_line(form_page);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(line, m,
                                std::regex("^commonweal_form=([A-Za-z0-9_-]{22}); Path=/; HttpOnly; "
                                           "SameSite=Lax$")))
      << line;
  auto fresh_cookie = m[1].str();
  auto token = csrf_in(form_page.body);
  // Served again from the page cache, the same page gets a different visitor their own cookie and token.
  auto again = http_get(port(), "/account/register");
  EXPECT_NE(csrf_in(again.body), token);
  EXPECT_NE(set_cookie_line(again), line);

  auto register_with = [&](const std::string& cookies, const std::string& email) {
    return http_request(port(), "POST", "/account/register",
                        form_body({{"csrf_token", token},
                                   {"email", email},
                                   {"display_name", "Dee Double"},
                                   {"password", kPassword},
                                   {"postcode", ""}}),
                        "application/x-www-form-urlencoded", cookies + "Sec-Fetch-Site: same-origin\r\n");
  };
  auto no_cookie = register_with("", "dee1@example.org");
  EXPECT_EQ(no_cookie.status, 403);
  EXPECT_TRUE(contains(no_cookie.body, "allow cookies from this site")) << no_cookie.body;
  // A sibling site that planted its own form cookie, or a token read by someone else, does not match.
  auto planted =
      register_with("Cookie: commonweal_form=" + std::string(kFormCookie) + "\r\n", "dee2@example.org");
  EXPECT_EQ(planted.status, 403);
  EXPECT_TRUE(contains(planted.body, "This form has expired")) << planted.body;
  EXPECT_EQ(users_with_email("dee1@example.org") + users_with_email("dee2@example.org"), 0);
  auto own = register_with("Cookie: commonweal_form=" + fresh_cookie + "\r\n", "dee3@example.org");
  EXPECT_EQ(own.status, 303) << own.body.substr(0, 2000);
  EXPECT_EQ(users_with_email("dee3@example.org"), 1);
}

TEST_P(AccountsTest, signed_in_post_with_an_anonymous_or_another_sessions_token_is_refused) {
  auto ann = person("ann@example.org", "Ann Smith");
  auto bob = person("bob@example.org", "Bob Brown");
  auto ann_cookie = session_for(ann);
  auto ann_other_cookie = session_for(ann);
  auto bob_cookie = session_for(bob);
  auto change_name = [&](const std::string& token) {
    return post("/account/profile", {{"csrf_token", token}, {"display_name", "Mallory"}, {"postcode", ""}},
                ann_cookie);
  };

  auto anonymous = token_from("/account/register");
  ASSERT_NE(anonymous.find('.'), std::string::npos) << "an anonymous token: " << anonymous;
  EXPECT_EQ(change_name(anonymous).status, 403) << "an anonymous form's token";
  EXPECT_EQ(change_name(token_from("/account/profile", bob_cookie)).status, 403) << "another person's";
  EXPECT_EQ(change_name(token_from("/account/profile", ann_other_cookie)).status, 403)
      << "the same person's other session";
  EXPECT_EQ(change_name("").status, 403) << "no token";
  EXPECT_EQ(display_name(ann), "Ann Smith");

  auto own = change_name(token_from("/account/profile", ann_cookie));
  EXPECT_EQ(own.status, 303) << own.body;
  EXPECT_EQ(display_name(ann), "Mallory");
}

TEST_P(AccountsTest, a_post_from_another_origin_is_refused_whatever_token_it_carries) {
  const std::string email = "origin@example.org";
  auto refused = post("/account/register",
                      {{"csrf_token", token_from("/account/register")},
                       {"email", email},
                       {"display_name", "Oh Rigin"},
                       {"password", kPassword},
                       {"postcode", ""}},
                      {}, "Origin: https://evil.example\r\n");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(users_with_email(email), 0);

  auto fetch_says_cross_site = post("/account/register",
                                    {{"csrf_token", token_from("/account/register")},
                                     {"email", email},
                                     {"display_name", "Oh Rigin"},
                                     {"password", kPassword},
                                     {"postcode", ""}},
                                    {}, "Sec-Fetch-Site: cross-site\r\n");
  EXPECT_EQ(fetch_says_cross_site.status, 403);
  EXPECT_EQ(users_with_email(email), 0);

  auto ann = person("ann@example.org", "Ann Smith");
  auto cookie = session_for(ann);
  auto signed_in_refused = post(
      "/account/profile",
      {{"csrf_token", token_from("/account/profile", cookie)}, {"display_name", "Mallory"}, {"postcode", ""}},
      cookie, "Origin: https://evil.example\r\n");
  EXPECT_EQ(signed_in_refused.status, 403);
  EXPECT_EQ(display_name(ann), "Ann Smith");

  // Our own origin passes the check (the form is then judged on its fields: here a bad address).
  auto same_origin = post("/account/register",
                          {{"csrf_token", token_from("/account/register")},
                           {"email", "not an address"},
                           {"display_name", "Oh Rigin"},
                           {"password", kPassword},
                           {"postcode", ""}},
                          {}, "Origin: http://localhost\r\n");
  EXPECT_EQ(same_origin.status, 422) << same_origin.body;
}

TEST_P(AccountsTest, a_session_id_chosen_before_sign_in_is_never_signed_in) {
  person("fix@example.org");
  const std::string chosen = "attackerchosenvalue0123456789abcdefghijklmnopq";
  expect_redirect_to_sign_in(chosen, "an unknown cookie value is not a session");

  auto in = sign_in("fix@example.org", kPassword, chosen);
  ASSERT_EQ(in.status, 303) << in.body;
  auto fresh = set_session(in);
  ASSERT_TRUE(fresh.has_value()) << "signing in sets a new cookie";
  EXPECT_NE(*fresh, chosen);
  EXPECT_EQ(get("/account", *fresh).status, 200);
  expect_redirect_to_sign_in(chosen, "the chosen value is still not signed in after the sign-in");
}

TEST_P(AccountsTest, a_reset_link_works_once_changes_the_password_and_ends_every_session) {
  const std::string email = "reset@example.org";
  auto id = person(email, "Rita Set");
  auto before = signed_in(email);
  ASSERT_EQ(get("/account", before).status, 200);

  auto asked = post("/account/forgot-password",
                    {{"csrf_token", token_from("/account/forgot-password")}, {"email", email}});
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_TRUE(contains(asked.body, "Check your email"));
  auto token = token_in(last_mail(email), "/account/reset/");
  ASSERT_FALSE(token.empty()) << last_mail(email);

  const std::string fresh_password = "copper meadow violin";
  auto link = "/account/reset/" + token;
  auto form_token = token_from(link);
  auto reset = post(link, {{"csrf_token", form_token}, {"password", fresh_password}});
  ASSERT_EQ(reset.status, 303) << reset.body;
  EXPECT_EQ(reset.header("location"), "/account/sign-in?reset=1");

  auto again = get(link);
  EXPECT_EQ(again.status, 410);
  EXPECT_TRUE(contains(again.body, "This link has expired or has already been used")) << again.body;
  auto hash_after_reset = store::in_read(db(), [&](store::Tx& tx) {
    return tx.run("SELECT password_hash FROM users WHERE id = $1", id).one().text(0);
  });
  auto replay = post(link, {{"csrf_token", form_token}, {"password", "another fine password"}});
  // Refused (422 today, where a GET of the spent link and a replayed confirm link give 410).
  EXPECT_GE(replay.status, 400) << "a spent link cannot set a password again";
  EXPECT_TRUE(contains(replay.body, "This link has expired or has already been used")) << replay.body;
  EXPECT_EQ(store::in_read(db(),
                           [&](store::Tx& tx) {
                             return tx.run("SELECT password_hash FROM users WHERE id = $1", id).one().text(0);
                           }),
            hash_after_reset);

  expect_redirect_to_sign_in(before, "a session from before the reset has ended");
  auto old = sign_in(email, kPassword);
  EXPECT_EQ(old.status, 422);
  EXPECT_FALSE(set_session(old));
  auto now_in = sign_in(email, fresh_password);
  EXPECT_EQ(now_in.status, 303) << now_in.body;
  EXPECT_TRUE(set_session(now_in).has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = $1 AND subject = "
                  "'Your commonweal password has been changed'",
                  email),
            1);
}

TEST_P(AccountsTest, five_wrong_passwords_then_even_the_right_one_must_wait) {
  const std::string email = "slow@example.org";
  person(email);
  for (int i = 1; i <= 5; ++i) {
    auto r = sign_in(email, "not the password " + std::to_string(i));
    EXPECT_EQ(r.status, 422) << "attempt " << i;
    EXPECT_TRUE(contains(r.body, "The email address or password is not right")) << "attempt " << i;
  }
  auto sixth = sign_in(email, kPassword);
  EXPECT_EQ(sixth.status, 429) << sixth.body;
  EXPECT_TRUE(contains(sixth.body, "There have been too many attempts to sign in. Wait ")) << sixth.body;
  EXPECT_FALSE(set_session(sixth)) << "the right password during the wait does not sign in";
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = $1)", email),
      0);
}

TEST_P(AccountsTest, an_unknown_address_gets_the_same_answer_as_a_wrong_password) {
  person("known@example.org");
  auto wrong = sign_in("known@example.org", "not the password at all");
  auto unknown = sign_in("nobody@example.org", "not the password at all");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(unknown.status, wrong.status);
  EXPECT_FALSE(error_summary(wrong.body).empty()) << wrong.body;
  EXPECT_EQ(error_summary(unknown.body), error_summary(wrong.body));
  EXPECT_EQ(last_mail("nobody@example.org"), "") << "nothing is mailed to an address without an account";
}

TEST_P(AccountsTest, residents_cannot_reach_admin_pages_and_a_locality_admin_grants_a_role_that_is_audited) {
  auto resident = person("res@example.org", "Rez Ident");
  auto resident_cookie = session_for(resident);
  auto locality = demo_locality();
  EXPECT_EQ(get("/admin/people", resident_cookie).status, 403);
  EXPECT_EQ(get("/admin/audit", resident_cookie).status, 403);
  auto self_grant = post("/admin/people",
                         {{"csrf_token", token_from("/account", resident_cookie)},
                          {"email", "res@example.org"},
                          {"role", "moderator"},
                          {"locality", std::to_string(locality)}},
                         resident_cookie);
  EXPECT_EQ(self_grant.status, 403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM role_grants WHERE user_id = $1", resident), 0);

  // A locality admin as `commonweal user add` makes one: the password is set through the mailed link.
  const html::Views& views = html::shared_views();
  FixedClock clock{kServerNow};
  accounts::AccountService service(db(), views, clock, "http://localhost:8080");
  service.add_user_with_role("admin@example.org", "Local Admin",
                             {accounts::role::locality_admin, locality, std::nullopt});
  auto invitation = last_mail("admin@example.org");
  EXPECT_TRUE(contains(invitation, "Hello Local Admin,\n")) << invitation;
  EXPECT_TRUE(contains(invitation, "Set your password")) << invitation;
  EXPECT_FALSE(contains(invitation, "asked to reset")) << "nobody asked for a reset";
  auto link = "/account/reset/" + token_in(invitation, "/account/reset/");
  auto set = post(link, {{"csrf_token", token_from(link)}, {"password", "admin pass phrase here"}});
  ASSERT_EQ(set.status, 303) << set.body;
  auto admin = signed_in("admin@example.org", "admin pass phrase here");
  // The role waits for the second factor: /admin/people is refused until it is set up.
  EXPECT_EQ(get("/admin/people", admin).status, 403);
  EXPECT_TRUE(contains(get("/", admin).body, "Your role is paused"));
  set_up_second_factor(admin);
  EXPECT_FALSE(contains(get("/", admin).body, "Your role is paused"));

  auto granted = post("/admin/people",
                      {{"csrf_token", token_from("/admin/people", admin)},
                       {"email", "res@example.org"},
                       {"role", "moderator"},
                       {"locality", std::to_string(locality)}},
                      admin);
  ASSERT_EQ(granted.status, 303) << granted.body;
  EXPECT_EQ(granted.header("location"), "/admin/people?done=granted");
  EXPECT_TRUE(contains(get("/account", resident_cookie).body, "Moderator")) << "the resident sees the role";
  auto no_number = post("/admin/people",
                        {{"csrf_token", token_from("/admin/people", admin)},
                         {"email", "res@example.org"},
                         {"role", "organisation_admin"},
                         {"locality", std::to_string(locality)}},
                        admin);
  EXPECT_EQ(no_number.status, 422);
  EXPECT_TRUE(contains(no_number.body, "Enter the organisation&#39;s number") ||
              contains(no_number.body, "Enter the organisation&#x27;s number"))
      << no_number.body.substr(0, 300);
  EXPECT_TRUE(contains(no_number.body, "value=\"organisation_admin\" selected"))
      << "the chosen role stays chosen";
  auto org_admin = post("/admin/people",
                        {{"csrf_token", token_from("/admin/people", admin)},
                         {"email", "res@example.org"},
                         {"role", "organisation_admin"},
                         {"locality", std::to_string(locality)},
                         {"organisation", "12"}},
                        admin);
  ASSERT_EQ(org_admin.status, 303) << org_admin.body;
  EXPECT_TRUE(contains(get("/admin/people", admin).body, "Organisation 12"));

  auto grant_row = store::in_read(db(), [&](store::Tx& tx) {
    return tx
        .run(
            "SELECT id, after_summary FROM audit_log WHERE action = 'role.grant' AND object_id = $1 AND "
            "after_summary LIKE 'role moderator%'",
            std::to_string(resident))
        .one();
  });
  auto row_id = grant_row.integer(0);
  EXPECT_EQ(grant_row.text(1), "role moderator in locality " + std::to_string(locality));
  auto audit_page = get("/admin/audit", admin);
  EXPECT_EQ(audit_page.status, 200);
  EXPECT_TRUE(contains(audit_page.body, "role moderator in locality")) << "the admin reads the entry";
  auto check = audit::verify_audit_chain(db());
  EXPECT_TRUE(check.ok) << check.reason;
  EXPECT_GE(check.rows_checked, 2);

  // Someone with database access rewrites the entry: verification names that row.
  store::in_write(db(), [&](store::Tx& tx) {
    if (tx.engine() == store::Engine::sqlite)
      tx.exec("DROP TRIGGER audit_log_no_update");
    else
      tx.exec("DROP TRIGGER audit_log_append_only ON audit_log");
    tx.run("UPDATE audit_log SET after_summary = 'role locality_admin' WHERE id = $1", row_id);
  });
  auto tampered = audit::verify_audit_chain(db());
  EXPECT_FALSE(tampered.ok);
  EXPECT_EQ(tampered.first_bad_id, row_id) << tampered.reason;
}

TEST_P(AccountsTest, registration_errors_rerender_the_form_with_a_summary_and_keep_the_email) {
  auto r = post("/account/register", {{"csrf_token", token_from("/account/register")},
                                      {"email", "not-an-email"},
                                      {"display_name", "Ann Smith"},
                                      {"password", "short"},
                                      {"postcode", ""}});
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(contains(r.body, "<title>Error: ")) << "the title says there is an error";
  EXPECT_TRUE(contains(r.body, "class=\"govuk-error-summary\""));
  EXPECT_TRUE(contains(r.body, "<a href=\"#email\">Enter an email address in the correct format")) << r.body;
  EXPECT_TRUE(contains(r.body, "<a href=\"#password\">Password must be 12 characters or more")) << r.body;
  auto email_input = input_tag(r.body, "email");
  EXPECT_TRUE(contains(email_input, "value=\"not-an-email\"")) << email_input;
  EXPECT_TRUE(contains(email_input, "govuk-input--error")) << email_input;
  auto password_input = input_tag(r.body, "password");
  ASSERT_FALSE(password_input.empty()) << r.body;
  EXPECT_FALSE(contains(password_input, "value=")) << "the password is never sent back: " << password_input;
  EXPECT_EQ(users_with_email("not-an-email"), 0);
}

// Moderation is part of people and permissions: a reader reports, a moderator of the locality decides.
// The content kind is the test's own, as a content module would register its own.
TEST_P(AccountsTest, a_reader_reports_content_and_a_moderator_hides_it_and_tells_the_author) {
  auto locality = demo_locality();
  auto author = person("author@example.org", "Author");
  store::in_write(db(), [&](store::Tx& tx) {
    tx.exec_script(
        "CREATE TABLE http_notes (id TEXT PRIMARY KEY, body TEXT, author BIGINT, locality BIGINT, "
        "hidden INTEGER NOT NULL DEFAULT 0)");
    tx.run("INSERT INTO http_notes VALUES ('n1', 'Buy cheap watches', $1, $2, 0)", author, locality);
  });
  moderation::register_content_kind(
      {"http_note", "Note",
       [](store::Tx& tx, const std::string& id) -> std::optional<moderation::ContentInfo> {
         auto r = tx.run("SELECT body, author, locality, hidden FROM http_notes WHERE id = $1", id);
         if (r.empty()) return std::nullopt;
         const auto& row = r.rows[0];
         return moderation::ContentInfo{"Note " + id,   row.text(0), row.integer(1),
                                        row.integer(2), "/",         row.integer(3) != 0};
       },
       [](store::Tx& tx, const std::string& id, bool hidden, Micros) {
         tx.run("UPDATE http_notes SET hidden = $2 WHERE id = $1", id, hidden);
       }});

  // An anonymous reader: no reason is a 422 with the summary; with one, thanks and a flag row.
  auto form = get("/report/http_note/n1");
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "Report this to a moderator"));
  auto token = csrf_in(form.body);
  auto missing = post("/report/http_note/n1", {{"csrf_token", token}, {"note", "spam"}});
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(contains(error_summary(missing.body), "#reason"));
  EXPECT_TRUE(contains(missing.body, ">spam</textarea>")) << "the note is kept";
  EXPECT_EQ(post("/report/http_note/n1", {{"reason", "advert"}}).status, 403) << "no token, no report";
  auto reported =
      post("/report/http_note/n1", {{"csrf_token", token}, {"reason", "advert"}, {"note", "spam"}});
  EXPECT_EQ(reported.status, 200);
  EXPECT_EQ(count("SELECT COUNT(*) FROM moderation_flags WHERE content_id = $1", std::string("n1")), 1);
  EXPECT_EQ(get("/report/http_note/missing").status, 404);

  // A resident may not see the queue; the locality's moderator sees the report and hides the note.
  auto resident = session_for(person("resident@example.org"));
  EXPECT_EQ(get("/moderation", resident).status, 403);
  auto mod = person("mod@example.org", "Mod");
  store::in_write(db(), [&](store::Tx& tx) {
    accounts::insert_grant(tx, mod, {accounts::role::moderator, locality, std::nullopt}, std::nullopt,
                           kServerNow);
  });
  auto session = session_for(mod);
  auto queue = get("/moderation", session);
  ASSERT_EQ(queue.status, 200);
  EXPECT_TRUE(contains(queue.body, "Buy cheap watches"));
  // A decision that needs a reason, sent without one: the summary links to this item's own field.
  auto no_reason = post("/moderation/http_note/n1",
                        {{"csrf_token", csrf_in(queue.body)}, {"decision", "hide"}, {"reason", ""}}, session);
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_TRUE(contains(error_summary(no_reason.body), "href=\"#reason-1\"")) << error_summary(no_reason.body);
  EXPECT_TRUE(contains(no_reason.body, "id=\"reason-1-error\"")) << "the message sits at the field";
  auto decided =
      post("/moderation/http_note/n1",
           {{"csrf_token", csrf_in(queue.body)}, {"decision", "hide"}, {"reason", "advert"}, {"note", ""}},
           session);
  EXPECT_EQ(decided.status, 303) << decided.body;
  EXPECT_EQ(count("SELECT hidden FROM http_notes WHERE id = $1", std::string("n1")), 1);
  EXPECT_TRUE(contains(last_mail("author@example.org"), "hidden your note"))
      << last_mail("author@example.org");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = $1", std::string("moderation.hide")), 1);
  EXPECT_FALSE(contains(get("/moderation", session).body, "Buy cheap watches")) << "the queue is empty again";

  // Once hidden, the report form no longer shows even its title, except to those who may moderate it.
  auto hidden = get("/report/http_note/n1");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_FALSE(contains(hidden.body, "Note n1"));
  EXPECT_EQ(get("/report/http_note/n1", resident).status, 404);
  EXPECT_EQ(get("/report/http_note/n1", session).status, 200) << "its moderator may still look";
  EXPECT_EQ(post("/report/http_note/n1", {{"csrf_token", token}, {"reason", "advert"}}).status, 404)
      << "nothing to report";
}

INSTANTIATE_TEST_SUITE_P(Engines, AccountsTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
