#include "app/site.h"

#include "app/modules.h"
#include "modules/personal_data.h"
#include "modules/places/demo.h"
#include "modules/queues.h"

namespace cw::app {

namespace {

// The layout's assets. A file missing from web/static (for example `make` has not copied GOV.UK
// Frontend yet) leaves its URL empty rather than stopping the server; the page still works unstyled.
nlohmann::json layout_assets(const web::StaticFiles& statics) {
  nlohmann::json assets = nlohmann::json::object();
  const std::pair<const char*, const char*> files[] = {{"govuk_css", "vendor/govuk-frontend.min.css"},
                                                       {"govuk_js", "vendor/govuk-frontend.min.js"},
                                                       {"app_css", "app.css"},
                                                       {"init_js", "init.js"},
                                                       {"app_js", "app.mjs"}};
  for (const auto& [key, file] : files) {
    try {
      assets[key] = statics.url(file);
    } catch (const std::out_of_range&) {
      assets[key] = "";
    }
  }
  return assets;
}

}  // namespace

web::Site build_site(const web::StaticFiles& statics, web::Router& router) {
  web::Site site;
  site.statics = &statics;
  for (const auto& m : all_modules()) {
    if (m.register_routes) m.register_routes(router);
    modules::register_queues(m.queues);
    modules::register_personal_data(m.personal_data);
    site.nav.insert(site.nav.end(), m.nav.begin(), m.nav.end());
  }
  site.assets = layout_assets(statics);
  site.attribution = places::data_attribution();
  return site;
}

}  // namespace cw::app
