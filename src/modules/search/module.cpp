#include "modules/search/module.h"

namespace cw::search {

modules::Module module() {
  return {.name = "search", .nav = {}, .register_routes = [](web::Router&) {}, .jobs = {}};
}

}  // namespace cw::search
