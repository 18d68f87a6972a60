// The manifest every capability provides: its name, navigation entries, routes and (by convention) its
// migrations in src/modules/<name>/migrations and views in src/modules/<name>/views, both embedded in
// the binary. Adding a capability touches its folder plus one line in src/app/modules.cpp.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/migrate.h"
#include "web/context.h"
#include "web/router.h"

namespace cw::modules {

struct Module {
  std::string name;  // folder name under src/modules, and migration namespace
  std::vector<web::NavEntry> nav;
  std::function<void(web::Router&)> register_routes;
};

// The module's migrations for `engine`, read from the embedded files under modules/<name>/migrations/.
std::vector<store::Migration> module_migrations(const std::string& name, store::Engine engine);

}  // namespace cw::modules
