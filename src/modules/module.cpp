#include "modules/module.h"

#include "common/resources.h"

namespace cw::modules {

std::vector<store::Migration> module_migrations(const std::string& name, store::Engine engine) {
  std::string prefix = "modules/" + name + "/migrations/";
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& f : embedded_files_under(prefix))
    files.emplace_back(std::string(f.path.substr(prefix.size())), std::string(f.content));
  return store::migrations_from_files(name, engine, files);
}

}  // namespace cw::modules
