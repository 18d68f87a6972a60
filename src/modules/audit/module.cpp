#include "modules/audit/module.h"

namespace cw::audit {

modules::Module module() {
  return {.name = "audit",
          .nav = {},
          .register_routes = register_routes,
          .jobs = {anchor_job()},
          .personal_data = {personal_data()}};
}

}  // namespace cw::audit
