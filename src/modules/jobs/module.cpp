#include "modules/jobs/module.h"

namespace cw::jobs {

modules::Module module() {
  return {.name = "jobs", .nav = {}, .register_routes = [](web::Router&) {}};
}

}  // namespace cw::jobs
