// The request pipeline around the router: static files, routing (404/405/HEAD), handler errors turned
// into pages or JSON, security headers, metrics and one JSON log line per request. Built once at
// start-up and shared by all worker threads; handle() is thread-safe.
#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.h"
#include "html/views.h"
#include "store/db.h"
#include "web/auth.h"
#include "web/context.h"
#include "web/metrics.h"
#include "web/page_cache.h"
#include "web/router.h"
#include "web/static_files.h"

namespace cw::web {

struct AppOptions {
  bool log_requests = true;
  bool behind_tls = false;  // adds HSTS
  // Reverse proxies whose X-Forwarded-For is believed (web/client_address.h); empty: none.
  std::vector<std::string> trusted_proxies;
  // Lets /metrics answer `Authorization: Bearer <token>` from anywhere; without it, loopback only.
  std::string metrics_token;
};

class WebApp {
 public:
  // Registers the built-in routes (/healthz, /metrics, /api/v1/openapi.json) into `router`.
  // REQUIRES: everything passed outlives the WebApp.
  WebApp(store::Db& db, const html::Views& views, const Clock& clock, const Site& site, Router& router,
         AppOptions options);
  WebApp(const WebApp&) = delete;
  WebApp& operator=(const WebApp&) = delete;

  Response handle(Request& req);
  // A route's larger limit (uploads) applies only to someone signed in; anyone else gets the default,
  // so an anonymous sender cannot make the server hold megabytes per connection.
  std::size_t body_limit(Method m, const std::string& target, const std::string& cookie_header) const;
  // An error as a page in the site's layout, or as JSON {"error":{"code","message","field"}}.
  // `actor` (when known) keeps the signed-in navigation on error pages.
  Response error_response(int status, const std::string& code, const std::string& message, bool json,
                          const std::string& field = {}, const Actor* actor = nullptr) const;
  // An error found before a request reached the pipeline (malformed, too large, not text): the same
  // page or JSON, with the security headers every response carries.
  Response protocol_error(int status, const std::string& code, const std::string& message, bool json) const;
  Metrics& metrics() { return metrics_; }
  // Who is signed in, and the key that signs CSRF tokens. Without one (web tests), nobody is signed in
  // and tokens are signed with a key made at start-up. REQUIRES: called before serving.
  void set_authenticator(std::shared_ptr<const Authenticator> authenticator);

 private:
  Response dispatch(Request& req, std::optional<Actor>& actor);
  void check_csrf(const Request& req, const Context& ctx, const RouteOptions& options) const;
  Response healthz();
  Response unavailable_response(bool json) const;
  Response openapi() const;
  void add_security_headers(Response& res) const;
  bool is_trusted_proxy(const std::string& peer) const;
  bool may_read_metrics(const Request& req) const;
  void warn_untrusted_forwarding(const std::string& peer);
  void log(const Request& req, int status, double seconds, std::size_t bytes) const;
  // Metrics and the log line of a response about to go out.
  void finish(const Request& req, const Response& res, std::chrono::steady_clock::time_point start);

  store::Db& db_;
  const html::Views& views_;
  const Clock& clock_;
  const Site& site_;
  Router& router_;
  AppOptions options_;
  std::string csp_;  // the Content-Security-Policy header, with the tile server's origin if any
  Metrics metrics_;
  PageCache pages_;
  std::atomic<bool> warned_forwarding_{false};
  std::shared_ptr<const Authenticator> authenticator_;
  std::string csrf_key_;
};

// The OpenAPI 3.1 document for every route registered with RouteOptions::api.
std::string openapi_document(const Router& router, const std::string& version);

}  // namespace cw::web
