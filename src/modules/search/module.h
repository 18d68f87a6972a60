// The site search's manifest (see modules/module.h): one search page and JSON API over everything the
// other modules put into the index (modules/search/index.h), with filters and "near my postcode".
#pragma once
#include "modules/module.h"

namespace cw::search {

modules::Module module();
// Its routes: /search, /search.atom and /api/v1/search.
void register_search_routes(web::Router& router);

}  // namespace cw::search
