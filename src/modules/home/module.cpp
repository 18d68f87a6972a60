#include "modules/home/module.h"

namespace cw::home {

void register_routes(web::Router& router);  // routes.cpp

modules::Module module() {
  // No navigation entry: the product name in the header already links home.
  return {.name = "home", .nav = {}, .register_routes = register_routes};
}

}  // namespace cw::home
