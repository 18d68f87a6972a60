// What a handler may use: the database, the views, the clock and the site's shape (navigation, static
// file names, locality). One Context per request; the things it points to are shared and outlive it.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/actor.h"
#include "common/clock.h"
#include "html/views.h"
#include "store/db.h"
#include "web/http.h"

namespace cw::web {

struct NavEntry {
  std::string label;    // "Places"
  std::string href;     // "/places"
  std::string summary;  // one sentence for the home page
};

class StaticFiles;

// Read-only facts about the site, built at start-up.
struct Site {
  std::string product = "commonweal";
  std::vector<NavEntry> nav;
  const StaticFiles* statics = nullptr;
  // Hashed URLs of the layout's CSS and JS, e.g. {"app_css": "/static/app.1a2b.css"}.
  nlohmann::json assets = nlohmann::json::object();
  // Lines shown in every page footer: the sources and licences of the data on show.
  std::vector<std::string> attribution;
  bool behind_tls = false;                         // cookies get Secure and the __Host- prefix
  std::string base_url = "http://localhost:8080";  // for links in mail, without a trailing slash
  // A slippy-map tile server ("https://tile.example.org/{z}/{x}/{y}.png") that maps are enhanced with
  // when set; without one, maps are the server-drawn SVG only. Its origin is allowed in img-src.
  std::string tile_url;
  std::string tile_attribution;  // shown on the enhanced map, as the tile server's licence asks
  // Who runs the site: the data controller under UK GDPR, named in the privacy notice, the
  // accessibility statement and the contact page (serve's --controller-* options).
  struct Controller {
    std::string name = "The organisation running this site";
    std::string email;      // where people write about the site and their data
    std::string address;    // postal address
    std::string dpo_email;  // the data protection officer, if any
    // Purpose ("accounts", "petitions", …) → the lawful basis the notice states, replacing its default.
    std::map<std::string, std::string> lawful_bases;
  } controller;
};

// The scheme, host and port of an http(s) URL ("https://tile.example.org"), or "" when it is not one.
std::string url_origin(const std::string& url);

struct Breadcrumb {
  std::string label;
  std::string href;
};

struct PageMeta {
  std::string title;  // the page's own title; the <title> becomes "title – commonweal"
  std::vector<Breadcrumb> breadcrumbs;
  bool has_errors = false;  // prefixes the <title> with "Error: " (GOV.UK pattern)
  std::string nav_current;  // href of the navigation entry to mark as current
  // The <meta name="description"> search engines and link previews show: one or two plain sentences.
  // Empty: "<title>, on <product>: …" with what the site is for.
  std::string description;
};

struct Context {
  store::Db& db;
  const html::Views& views;
  const Clock& clock;
  const Site& site;
  const Request* request = nullptr;
  const Actor* actor = nullptr;  // the signed-in person, or null for an anonymous reader
  std::string_view csrf_key;     // signs CSRF tokens (web/csrf.h)

  // Renders `view` with `data` inside the layout. The view's data also gets `csrf_token` (for its forms)
  // and `signed_in`, unless it sets them itself.
  Response page(const std::string& view, const PageMeta& meta, nlohmann::json data, int status = 200) const;
  // The token this request's forms must carry: bound to the session when signed in; for anonymous readers
  // a marker that WebApp replaces with the token for their form cookie as the page goes out.
  std::string csrf_token() const;
  // The request's client address, for rate limits and the audit log ("" when there is no request).
  const std::string& remote_ip() const;
};

}  // namespace cw::web
