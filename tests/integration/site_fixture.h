// What the HTTP integration tests share: a real server per test on either engine, requests with a
// session cookie and form fields, CSRF tokens read from pages as a browser would send them, and people
// and sessions written through the store where a test only needs them to exist.
#pragma once
#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <utility>

#include "http_client.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/second_factor.h"
#include "modules/accounts/secrets.h"
#include "modules/accounts/service.h"
#include "modules/accounts/store.h"
#include "modules/places/overview.h"
#include "test_server.h"
#include "web/http.h"

namespace cw::testing {

using Fields = std::initializer_list<std::pair<std::string, std::string>>;

inline constexpr const char* kCookie = "commonweal_session";
inline constexpr const char* kPassword = "walrus kettle lantern";
// The clock of TestServer: tokens and sessions written here must be live at the server's time.
inline constexpr Micros kServerNow = 1'700'000'000'000'000;

inline std::string form_body(Fields fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += web::percent_encode(name) + "=" + web::percent_encode(value);
  }
  return out;
}

// The form cookie the tests' "browser" holds from the start (any value of the right shape will do: the
// site binds anonymous forms' tokens to whatever form cookie comes with the page), so tokens read from
// pages are accepted when sent back with it.
inline constexpr const char* kFormCookie = "TestBrowserFormCookie0";

// The Cookie header a browser sends: the form cookie, and the session cookie `value` when signed in.
inline std::string cookie_header(const std::string& value) {
  return std::string("Cookie: commonweal_form=") + kFormCookie +
         (value.empty() ? std::string() : std::string("; ") + kCookie + "=" + value) + "\r\n";
}

// The value of the first hidden csrf_token field on the page, or "" when there is none.
inline std::string csrf_in(const std::string& html) {
  std::smatch m;
  if (!std::regex_search(html, m, std::regex(R"re(name="csrf_token" value="([^"]*)")re"))) return {};
  return m[1].str();
}

// The session cookie the reply sets (the value, which is "x" when it deletes it), or nullopt.
inline std::optional<std::string> set_session(const HttpReply& r) {
  auto [first, last] = r.headers.equal_range("set-cookie");
  for (auto it = first; it != last; ++it) {
    const auto& v = it->second;
    auto prefix = std::string(kCookie) + "=";
    if (v.starts_with(prefix)) return v.substr(prefix.size(), v.find(';') - prefix.size());
  }
  return std::nullopt;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class SiteTest : public ::testing::TestWithParam<EngineUnderTest> {
 protected:
  void SetUp() override { server_ = std::make_unique<TestServer>(GetParam()); }

  store::Db& db() { return server_->runtime().db(); }
  std::uint16_t port() const { return server_->port(); }

  HttpReply get(const std::string& path, const std::string& cookie = {}, const std::string& extra = {}) {
    return http_get(port(), path, cookie_header(cookie) + extra);
  }
  // Sent as a browser sends a form from one of this site's pages (Sec-Fetch-Site: same-origin), unless
  // `extra` says where it came from.
  HttpReply post(const std::string& path, Fields fields, const std::string& cookie = {},
                 const std::string& extra = {}) {
    bool says_where = contains(extra, "Origin:") || contains(extra, "Sec-Fetch-Site:");
    return http_request(
        port(), "POST", path, form_body(fields), "application/x-www-form-urlencoded",
        cookie_header(cookie) + extra + (says_where ? "" : "Sec-Fetch-Site: same-origin\r\n"));
  }
  // The CSRF token a browser would send from the form on `path`.
  std::string token_from(const std::string& path, const std::string& cookie = {}) {
    auto page = get(path, cookie);
    EXPECT_EQ(page.status, 200) << path;
    auto token = csrf_in(page.body);
    EXPECT_FALSE(token.empty()) << "no csrf_token on " << path;
    return token;
  }

  // Sets up the second factor through its pages, as a role holder does after signing in: reads the key
  // typed out under the QR code and sends the app's code for it. Returns the key.
  std::string set_up_second_factor(const std::string& cookie) {
    auto page = get("/account/two-factor", cookie);
    EXPECT_EQ(page.status, 200) << page.body.substr(0, 2000);
    std::smatch m;
    if (!std::regex_search(page.body, m, std::regex("<code class=\"app-secret\">([A-Z2-7 ]+)</code>"))) {
      ADD_FAILURE() << "no setup key on /account/two-factor";
      return "";
    }
    auto secret = std::regex_replace(m[1].str(), std::regex(" "), "");
    auto done =
        post("/account/two-factor", {{"csrf_token", csrf_in(page.body)}, {"code", code_for(secret)}}, cookie);
    EXPECT_EQ(done.status, 200) << done.body.substr(0, 2000);
    EXPECT_TRUE(contains(done.body, "Save your recovery codes"));
    return secret;
  }
  // The authenticator app's code for `secret` at the server's time.
  std::string code_for(const std::string& secret) {
    return accounts::totp_code(secret, server_->clock().now() / 1000000);
  }

  // A confirmed, active person written through the store. The hash is cheap; the first sign-in replaces
  // it with a full-cost one, as it would for a hash made under an older cost.
  std::int64_t person(const std::string& email, const std::string& name = "Ann Smith") {
    auto hash = accounts::hash_password(kPassword, {1, 8192});
    return store::in_write(db(), [&](store::Tx& tx) {
      auto id = accounts::insert_user(tx, email, hash, name, "", kServerNow);
      accounts::set_email_confirmed(tx, id, kServerNow);
      return id;
    });
  }
  // A live session for the person, as signing in would make (and, for someone holding a role, the
  // second factor just passed), without paying for argon2id.
  // `at`: when it was made (the server's clock, for a test that has moved it on).
  std::string session_for(std::int64_t user_id, Micros at = kServerNow) {
    auto cookie = accounts::random_token();
    store::in_write(db(), [&](store::Tx& tx) {
      accounts::insert_session(tx, {accounts::token_hash(cookie), user_id, at, at,
                                    at + accounts::kSessionAbsolute, "127.0.0.0/24", "test", at});
    });
    return cookie;
  }

  // A live session for a person holding `role` in the demo locality.
  std::string staff_session(const std::string& role, const std::string& email, const std::string& name,
                            Micros at = kServerNow) {
    auto id = person(email, name);
    auto sutton = demo_locality();
    store::in_write(db(), [&](store::Tx& tx) {
      accounts::insert_grant(tx, id, {role, sutton, std::nullopt}, std::nullopt, kServerNow);
    });
    return session_for(id, at);
  }
  std::string officer_session(Micros at = kServerNow) {
    return staff_session(accounts::role::council_officer, "officer@sutton.example", "Olu Officer", at);
  }

  std::int64_t count(const std::string& sql, const store::Value& param) {
    return store::in_read(db(), [&](store::Tx& tx) { return tx.exec(sql, {param}).one().integer(0); });
  }
  std::int64_t demo_locality() {
    auto refs = store::in_read(db(), [](store::Tx& tx) { return places::locality_refs(tx); });
    for (const auto& l : refs)
      if (l.code == "E09000029") return l.id;
    ADD_FAILURE() << "the demo locality is not loaded";
    return 0;
  }

  std::unique_ptr<TestServer> server_;
};

}  // namespace cw::testing
