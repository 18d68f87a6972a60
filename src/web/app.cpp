#include "web/app.h"

#include "common/json_text.h"
#include "common/text.h"
#include "web/client_address.h"
#include "web/compression.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "web/cookies.h"
#include "web/csrf.h"
#include "web/form_page.h"
#include "web/multipart.h"

namespace cw::web {

namespace {

// No inline script or style anywhere: every script is a file from /static, so XSS that slips past
// escaping still cannot run.
std::string content_security_policy(const Site& site) {
  auto tiles = url_origin(site.tile_url);
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" +
         (tiles.empty() ? std::string() : " " + tiles) +
         "; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
         "frame-ancestors 'none'";
}

std::string status_title(int status) {
  switch (status) {
    case 400:
      return "There is a problem with the request";
    case 403:
      return "You cannot do that";
    case 404:
      return "Page not found";
    case 405:
      return "That action is not allowed here";
    case 408:
      return "The request took too long";
    case 413:
      return "What you sent is too large";
    case 415:
      return "The form was sent in a format we cannot read";
    case 422:
      return "There is a problem";
    case 429:
      return "Too many requests";
    case 431:
      return "The request headers are too large";
    case 503:
      return "Sorry, the service is unavailable";
    default:
      return status >= 500 ? "Sorry, there is a problem with the service" : "There is a problem";
  }
}

}  // namespace

WebApp::WebApp(store::Db& db, const html::Views& views, const Clock& clock, const Site& site, Router& router,
               AppOptions options)
    : db_(db),
      views_(views),
      clock_(clock),
      site_(site),
      router_(router),
      options_(options),
      csp_(content_security_policy(site)) {
  router_.get("/healthz", [this](const Request&, Context&) { return healthz(); },
              {.api = true, .summary = "Liveness and database check"});
  router_.get("/metrics", [this](const Request& req, Context&) {
    // Route names, counts and pool sizes help an attacker plan: only this machine (a local Prometheus,
    // or the proxy's health checks) may read them, or whoever has the metrics token.
    if (!may_read_metrics(req))
      throw HttpError(404, "not_found", "If you typed the web address, check it is correct.");
    return Response::text(metrics_.prometheus_text(), "text/plain; version=0.0.4; charset=utf-8");
  });
  router_.get("/api/v1/openapi.json", [this](const Request&, Context&) { return openapi(); },
              {.api = true, .summary = "This OpenAPI document"});
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not initialise");
  unsigned char key[32];
  randombytes_buf(key, sizeof key);
  csrf_key_ = base64url(key, sizeof key);
  metrics_.add_gauge("commonweal_db_connections", "Open database connections.",
                     [this] { return db_.pool_stats().connections; });
  metrics_.add_gauge("commonweal_db_connections_in_use", "Database connections in use.",
                     [this] { return db_.pool_stats().in_use; });
}

void WebApp::set_authenticator(std::shared_ptr<const Authenticator> authenticator) {
  authenticator_ = std::move(authenticator);
  if (authenticator_) csrf_key_ = authenticator_->csrf_key(db_);
}

std::size_t WebApp::body_limit(Method m, const std::string& target, const std::string& cookie_header) const {
  auto path = target.substr(0, target.find('?'));
  auto match = router_.match(m, path);
  constexpr auto kDefault = RouteOptions{}.max_body;
  if (!match.route || match.route->options.max_body <= kDefault)
    return match.route ? match.route->options.max_body : kDefault;
  Request req;
  req.headers.emplace("Cookie", cookie_header);
  auto cookie = request_cookie(req, session_cookie_name(site_.behind_tls));
  bool signed_in = false;
  try {
    signed_in = cookie && authenticator_ && authenticator_->authenticate(db_, *cookie, clock_.now());
  } catch (const std::exception&) {  // the database is unreachable: the handler will say so
  }
  return signed_in ? match.route->options.max_body : kDefault;
}

namespace {

void log_failure(const Request& req, const std::string& what) {
  // The route pattern, not the path, which may hold personal data; always written, even when request
  // logging is off, because someone must look at every 500.
  std::fprintf(stderr, "{\"level\":\"error\",\"method\":\"%s\",\"route\":\"%s\",\"error\":\"%s\"}\n",
               std::string(method_name(req.method)).c_str(),
               json_escape(req.route.empty() ? "unmatched" : req.route).c_str(), json_escape(what).c_str());
}

// Feeds are written from stored text: whatever a row holds, the XML stays well-formed.
void make_xml_safe(Response& res) {
  auto type = res.headers.find("Content-Type");
  if (type == res.headers.end() || res.headers.find("Content-Encoding") != res.headers.end()) return;
  if (type->second.starts_with("application/atom+xml") || type->second.starts_with("application/xml"))
    res.body = text::xml_safe(res.body);
}

}  // namespace

Response WebApp::handle(Request& req) {
  auto start = std::chrono::steady_clock::now();
  Response res;
  std::optional<Actor> actor;
  // All the lines: reading only the first would believe whatever the client wrote above the proxy's own.
  auto forwarded = req.header_list("x-forwarded-for");
  if (forwarded && !is_trusted_proxy(req.remote_ip)) warn_untrusted_forwarding(req.remote_ip);
  if (!options_.trusted_proxies.empty())
    req.remote_ip = client_address(req.remote_ip, forwarded.value_or(""), options_.trusted_proxies);
  // Anonymous readers of the same page between two changes share one rendering of it.
  auto cache_key =
      req.path.starts_with("/static/")
          ? std::nullopt
          : PageCache::key_for(req, request_cookie(req, session_cookie_name(site_.behind_tls)).has_value());
  auto commits = store::commit_count();
  auto now = clock_.now();
  if (cache_key)
    if (auto hit = pages_.find(*cache_key, commits, now)) {
      req.route = std::move(hit->route);
      if (hit->form) hit->response = hit->form->serve(req, csrf_key_, site_.behind_tls, now);
      finish(req, hit->response, start);
      return std::move(hit->response);
    }
  try {
    res = dispatch(req, actor);
  } catch (const HttpError& e) {
    if (e.status == 403 && actor && authenticator_)
      authenticator_->record_refusal(db_, *actor, req, e.code, clock_.now());
    res = error_response(e.status, e.code, e.what(), req.wants_json(), e.field, actor ? &*actor : nullptr);
  } catch (const store::DbError& e) {
    log_failure(req, e.what());
    res = e.unavailable()
              ? unavailable_response(req.wants_json())
              : error_response(500, "internal_error",
                               "Something went wrong on our side. Please try again later.", req.wants_json());
  } catch (const std::exception& e) {
    log_failure(req, e.what());
    res = error_response(500, "internal_error", "Something went wrong on our side. Please try again later.",
                         req.wants_json());
  } catch (...) {
    log_failure(req, "an exception that is not a std::exception");
    res = error_response(500, "internal_error", "Something went wrong on our side. Please try again later.",
                         req.wants_json());
  }
  add_security_headers(res);
  make_xml_safe(res);
  // An anonymous page with forms gets each visitor's token as it goes out (and is kept without them).
  if (auto form = FormPage::split(res)) {
    res = form->serve(req, csrf_key_, site_.behind_tls, now);
    if (cache_key) pages_.keep(*cache_key, std::move(form), req.route, commits, now);
  } else {
    compress_response(req, res);
    if (cache_key) pages_.keep(*cache_key, res, req.route, commits, now);
  }
  finish(req, res, start);
  return res;
}

void WebApp::finish(const Request& req, const Response& res, std::chrono::steady_clock::time_point start) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.record(std::string(method_name(req.method)), req.route.empty() ? "unmatched" : req.route,
                  res.status, seconds);
  log(req, res.status, seconds, res.body.size());
}

Response WebApp::dispatch(Request& req, std::optional<Actor>& actor) {
  if (req.path.starts_with("/static/") && (req.method == Method::get || req.method == Method::head)) {
    req.route = "/static";
    if (site_.statics)
      if (auto r = site_.statics->serve(req)) return *r;
    throw HttpError(404, "not_found", "There is no file at this address.");
  }
  auto match = router_.match(req.method, req.path);
  if (!match.route) {
    if (!match.allowed.empty()) {
      auto res = error_response(405, "method_not_allowed",
                                fmt::format("{} is not allowed here. Allowed: {}.", req.method_text,
                                            fmt::join(match.allowed, ", ")),
                                req.wants_json());
      res.set("Allow", fmt::format("{}", fmt::join(match.allowed, ", ")));
      return res;
    }
    throw HttpError(404, "not_found", "If you typed the web address, check it is correct.");
  }
  req.route = match.route->pattern;
  req.path_params = std::move(match.params);
  Context ctx{db_, views_, clock_, site_, &req};
  ctx.csrf_key = csrf_key_;
  // Only a request that carries a session cookie costs a session lookup; anonymous readers cost nothing.
  if (authenticator_)
    if (auto cookie = request_cookie(req, session_cookie_name(site_.behind_tls)))
      actor = authenticator_->authenticate(db_, *cookie, clock_.now());
  if (actor) ctx.actor = &*actor;
  bool unsafe = req.method != Method::get && req.method != Method::head && req.method != Method::options;
  if (unsafe && match.route->options.csrf) check_csrf(req, ctx, match.route->options);
  return match.route->handler(req, ctx);
}

void WebApp::check_csrf(const Request& req, const Context& ctx, const RouteOptions& options) const {
  constexpr const char* kExpired =
      "This form has expired or was not sent from this site, so nothing was changed. Go back, reload the "
      "page and try again.";
  // Browsers say where a request came from; one from another site is refused whatever it carries.
  auto fetch_site = req.header("Sec-Fetch-Site");
  if (fetch_site == "cross-site") throw HttpError(403, "csrf", kExpired);
  auto origin = req.header("Origin");
  if (origin && *origin != "null") {
    auto host = req.header("Host").value_or("");
    auto scheme_end = origin->find("://");
    if (scheme_end == std::string::npos || origin->substr(scheme_end + 3) != host)
      throw HttpError(403, "csrf", kExpired);
  }
  if (options.same_origin_only) {
    bool from_here = fetch_site ? *fetch_site == "same-origin" : origin && *origin != "null";
    if (!from_here)
      throw HttpError(403, "csrf",
                      "This form must be sent from a page of this site by a web browser, so nothing was "
                      "changed. Go back, reload the page and try again.");
  }
  std::string token = req.header(kCsrfHeader).value_or("");
  if (token.empty()) {
    auto type = req.header("Content-Type").value_or("");
    if (type.starts_with("application/x-www-form-urlencoded")) token = req.form().get_or(kCsrfField, "");
    if (multipart_boundary(type)) token = multipart_field(type, req.body, kCsrfField).value_or("");
  }
  if (ctx.actor) {
    if (!check_session_csrf(csrf_key_, ctx.actor->session_key, token)) throw HttpError(403, "csrf", kExpired);
    return;
  }
  // Double submit: the token must be the one made for this browser's form cookie, which another site
  // (even a sibling one, with "__Host-") can neither read nor set.
  auto form_cookie = request_cookie(req, form_cookie_name(site_.behind_tls));
  if (!form_cookie)
    throw HttpError(403, "csrf",
                    "This form could not be checked, so nothing was changed. This site uses one cookie to "
                    "check that forms are sent from its own pages: allow cookies from this site, then go "
                    "back, reload the page and try again.");
  if (!check_anonymous_csrf(csrf_key_, *form_cookie, token, clock_.now()))
    throw HttpError(403, "csrf", kExpired);
}

Response WebApp::healthz() {
  try {
    store::in_read(db_, [](store::Tx& tx) { return tx.exec("SELECT 1"); });
  } catch (const std::exception&) {
    return Response::json(R"({"status":"unavailable","database":"unreachable"})", 503);
  }
  return Response::json(R"({"status":"ok","database":"ok"})");
}

Response WebApp::openapi() const {
  return Response::json(openapi_document(router_, "0.1.0"));
}

Response WebApp::error_response(int status, const std::string& code, const std::string& message, bool json,
                                const std::string& field, const Actor* actor) const {
  if (json) {
    nlohmann::json body{{"error", {{"code", code}, {"message", message}}}};
    if (!field.empty()) body["error"]["field"] = field;
    return Response::json(json_text(body), status);
  }
  Context ctx{db_, views_, clock_, site_, nullptr};
  ctx.csrf_key = csrf_key_;
  ctx.actor = actor;
  nlohmann::json data{{"heading", status_title(status)}, {"message", message}, {"status", status}};
  return ctx.page("error", PageMeta{.title = status_title(status)}, std::move(data), status);
}

// The database is down, restarting or out of space: nothing was done, and trying again in a minute
// will likely work, so say exactly that (and Retry-After for scripts) rather than "something went wrong".
Response WebApp::unavailable_response(bool json) const {
  auto res = error_response(503, "unavailable",
                            "The service is briefly unavailable, please try again in a minute. Nothing you "
                            "sent has been saved.",
                            json);
  res.set("Retry-After", "60");
  return res;
}

bool WebApp::may_read_metrics(const Request& req) const {
  if (!options_.metrics_token.empty()) {
    auto auth = req.header("authorization").value_or("");
    auto expected = "Bearer " + options_.metrics_token;
    if (auth.size() == expected.size() && sodium_memcmp(auth.data(), expected.data(), auth.size()) == 0)
      return true;
  }
  return req.remote_ip == "127.0.0.1" || req.remote_ip == "::1" || req.remote_ip == "::ffff:127.0.0.1";
}

bool WebApp::is_trusted_proxy(const std::string& peer) const {
  return std::find(options_.trusted_proxies.begin(), options_.trusted_proxies.end(), peer) !=
         options_.trusted_proxies.end();
}

void WebApp::warn_untrusted_forwarding(const std::string& peer) {
  // Once per process: a proxy left out of --trusted-proxy shows at the first request, and a client
  // that sends the header itself cannot fill the log.
  if (warned_forwarding_.exchange(true)) return;
  std::fprintf(stderr,
               "{\"level\":\"warning\",\"warning\":\"X-Forwarded-For from %s, which is not a "
               "--trusted-proxy: limits count that address for every visitor it forwards\"}\n",
               json_escape(peer).c_str());
}

Response WebApp::protocol_error(int status, const std::string& code, const std::string& message,
                                bool json) const {
  auto res = error_response(status, code, message, json);
  add_security_headers(res);
  return res;
}

void WebApp::add_security_headers(Response& res) const {
  res.set("Content-Security-Policy", csp_);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "strict-origin-when-cross-origin");
  res.set("X-Frame-Options", "DENY");
  res.set("Cross-Origin-Opener-Policy", "same-origin");
  res.set("Permissions-Policy", "geolocation=(), camera=(), microphone=()");
  if (options_.behind_tls) res.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (res.headers.find("Cache-Control") == res.headers.end()) res.set("Cache-Control", "no-store");
}

void WebApp::log(const Request& req, int status, double seconds, std::size_t bytes) const {
  if (!options_.log_requests) return;
  // Route pattern, not path: paths may carry postcodes or tokens, which are personal data.
  auto line = fmt::format(
      "{{\"ts\":{},\"method\":\"{}\",\"route\":\"{}\",\"status\":{},\"duration_ms\":{:.3f},\"bytes\":{}}}\n",
      clock_.now() / 1000000, method_name(req.method),
      json_escape(req.route.empty() ? "unmatched" : req.route), status, seconds * 1000, bytes);
  static std::mutex out;
  std::lock_guard lock(out);
  std::fputs(line.c_str(), stdout);
  std::fflush(stdout);
}

std::string openapi_document(const Router& router, const std::string& version) {
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& r : router.routes()) {
    if (!r.options.api) continue;
    auto method = std::string(method_name(r.method));
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    nlohmann::json op{
        {"summary", r.options.summary.empty() ? r.pattern : r.options.summary},
        {"responses",
         {{"200", {{"description", "OK"}}},
          {"default",
           {{"description", "Error"},
            {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}}}};
    nlohmann::json params = nlohmann::json::array();
    for (std::size_t i = r.pattern.find('{'); i != std::string::npos; i = r.pattern.find('{', i + 1)) {
      auto name = r.pattern.substr(i + 1, r.pattern.find('}', i) - i - 1);
      params.push_back(
          {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    paths[r.pattern][method] = op;
  }
  nlohmann::json error_schema{{"type", "object"},
                              {"required", {"error"}},
                              {"properties",
                               {{"error",
                                 {{"type", "object"},
                                  {"required", {"code", "message"}},
                                  {"properties",
                                   {{"code", {{"type", "string"}}},
                                    {"message", {{"type", "string"}}},
                                    {"field", {{"type", "string"}}}}}}}}}};
  nlohmann::json doc{{"openapi", "3.1.0"},
                     {"info", {{"title", "commonweal API"}, {"version", version}}},
                     {"paths", paths},
                     {"components", {{"schemas", {{"Error", error_schema}}}}}};
  return doc.dump(2);
}

}  // namespace cw::web
