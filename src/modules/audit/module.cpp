#include "modules/audit/module.h"

namespace cw::audit {

modules::Module module() {
  return {
      .name = "audit", .nav = {}, .register_routes = [](web::Router&) {}, .personal_data = {personal_data()}};
}

}  // namespace cw::audit
