#include "modules/moderation/module.h"

namespace cw::moderation {

void register_routes(web::Router& router);  // routes.cpp

modules::Module module() {
  return {.name = "moderation", .register_routes = register_routes};
}

}  // namespace cw::moderation
