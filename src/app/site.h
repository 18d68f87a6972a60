// Builds the site from the module list: registers every module's routes, collects the navigation, and
// resolves the layout's static assets to their hashed URLs.
#pragma once
#include "web/context.h"
#include "web/router.h"
#include "web/static_files.h"

namespace cw::app {

// REQUIRES: statics and router outlive the returned Site.
web::Site build_site(const web::StaticFiles& statics, web::Router& router);

}  // namespace cw::app
