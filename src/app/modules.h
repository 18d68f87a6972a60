// The list of every capability compiled into this binary, and what is built from it: the router, the
// navigation, the migrations. The only place that names all modules.
#pragma once
#include <vector>

#include "modules/module.h"

namespace cw::app {

std::vector<modules::Module> all_modules();
std::vector<store::Migration> all_migrations(store::Engine engine);

}  // namespace cw::app
