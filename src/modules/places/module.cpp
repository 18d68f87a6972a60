#include "modules/places/module.h"

namespace cw::places {

void register_routes(web::Router& router);  // routes.cpp

modules::Module module() {
  return {.name = "places",
          .nav = {{.label = "Places",
                   .href = "/places",
                   .summary = "The wards and neighbourhoods of the area, and how deprived each one is by the "
                              "official English Indices of Deprivation."}},
          .register_routes = register_routes};
}

}  // namespace cw::places
