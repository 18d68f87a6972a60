// What a handler may use: the database, the views, the clock and the site's shape (navigation, static
// file names, locality). One Context per request; the things it points to are shared and outlive it.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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
};

struct Breadcrumb {
  std::string label;
  std::string href;
};

struct PageMeta {
  std::string title;  // the page's own title; the <title> becomes "title – commonweal"
  std::vector<Breadcrumb> breadcrumbs;
  bool has_errors = false;  // prefixes the <title> with "Error: " (GOV.UK pattern)
  std::string nav_current;  // href of the navigation entry to mark as current
};

struct Context {
  store::Db& db;
  const html::Views& views;
  const Clock& clock;
  const Site& site;
  const Request* request = nullptr;

  // Renders `view` with `data` inside the layout. `data` is extended with layout fields.
  Response page(const std::string& view, const PageMeta& meta, nlohmann::json data, int status = 200) const;
};

}  // namespace cw::web
