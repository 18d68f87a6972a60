// Maps (method, path) to handlers. Patterns are literal segments and {name} parameters:
// "/wards/{code}" matches "/wards/E05013754" with code = "E05013754". Literal segments win over
// parameters. Every GET route also answers HEAD. Build it at start-up, then share it read-only.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "web/http.h"

namespace cw::web {

struct Context;
using Handler = std::function<Response(const Request&, Context&)>;

struct RouteOptions {
  std::size_t max_body = 1 << 20;  // 1 MiB unless the route says otherwise
  bool api = false;                // listed in /api/v1/openapi.json
  // POST/PUT/PATCH/DELETE must carry a CSRF token (web/csrf.h). Only machine-to-machine endpoints that
  // authenticate without cookies (API keys) turn this off.
  bool csrf = true;
  // Signing in and registering: a forged sign-in puts a victim in an attacker's account, and anonymous
  // tokens are easy to get, so an unsafe request must also show it came from a page of this site
  // (Sec-Fetch-Site: same-origin, or an Origin of this host; "Origin: null" is refused).
  bool same_origin_only = false;
  std::string summary;  // one line for the OpenAPI document
};

struct Route {
  Method method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
};

class Router {
 public:
  void add(Method m, std::string pattern, Handler h, RouteOptions o = {});
  void get(std::string pattern, Handler h, RouteOptions o = {}) {
    add(Method::get, std::move(pattern), std::move(h), std::move(o));
  }
  void post(std::string pattern, Handler h, RouteOptions o = {}) {
    add(Method::post, std::move(pattern), std::move(h), std::move(o));
  }

  struct Match {
    const Route* route = nullptr;      // null: no route for this method
    std::vector<std::string> allowed;  // when the path exists under other methods (for 405 Allow)
    std::map<std::string, std::string> params;
  };
  // REQUIRES: path is percent-decoded and starts with '/'.
  Match match(Method m, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace cw::web
