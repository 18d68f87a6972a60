#include "modules/home/module.h"

namespace cw::home {

void register_routes(web::Router& router);         // routes.cpp
void register_manage_routes(web::Router& router);  // manage.cpp
void register_about_routes(web::Router& router);   // about.cpp

modules::Module module() {
  // No navigation entry: the product name in the header already links home.
  return {.name = "home", .nav = {}, .register_routes = [](web::Router& router) {
            register_routes(router);
            register_manage_routes(router);
            register_about_routes(router);
          }};
}

}  // namespace cw::home
