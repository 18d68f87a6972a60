#include "modules/places/module.h"

#include "modules/places/contact.h"
#include "modules/places/postcode_box.h"

namespace cw::places {

void register_routes(web::Router& router);  // routes.cpp

modules::Module module() {
  return {.name = "places",
          .nav = {{.label = "Places",
                   .href = "/places",
                   .summary = "The wards and neighbourhoods of the area, and how deprived each one is by the "
                              "official English Indices of Deprivation."}},
          .register_routes = [](web::Router& router) {
            register_routes(router);
            register_find_routes(router);
            register_contact_routes(router);
          }};
}

}  // namespace cw::places
