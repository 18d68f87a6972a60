#include "modules/search/module.h"

namespace cw::search {

modules::Module module() {
  return {.name = "search",
          .nav = {{.label = "Search",
                   .href = "/search",
                   .summary = "Find petitions, consultations and community assets by words, topic or ward, "
                              "and what is near your postcode."}},
          .register_routes = register_search_routes,
          .jobs = {}};
}

}  // namespace cw::search
