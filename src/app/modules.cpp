#include "app/modules.h"

#include "modules/accounts/module.h"
#include "modules/alerts/module.h"
#include "modules/asset_transfer/module.h"
#include "modules/assets/module.h"
#include "modules/audit/module.h"
#include "modules/ballots/module.h"
#include "modules/budgeting/module.h"
#include "modules/community_value/module.h"
#include "modules/consultations/module.h"
#include "modules/home/module.h"
#include "modules/jobs/module.h"
#include "modules/mail/module.h"
#include "modules/moderation/module.h"
#include "modules/petitions/module.h"
#include "modules/places/module.h"
#include "modules/search/module.h"

namespace cw::app {

std::vector<modules::Module> all_modules() {
  // Migrations run in this order: a module comes after the ones whose tables it refers to.
  return {
      home::module(),           places::module(),        mail::module(),    audit::module(),
      accounts::module(),       moderation::module(),    assets::module(),  community_value::module(),
      asset_transfer::module(), consultations::module(), search::module(),  alerts::module(),
      petitions::module(),      jobs::module(),          ballots::module(), budgeting::module(),
  };
}

std::vector<store::Migration> all_migrations(store::Engine engine) {
  std::vector<store::Migration> out;
  for (const auto& m : all_modules()) {
    auto mine = modules::module_migrations(m.name, engine);
    out.insert(out.end(), mine.begin(), mine.end());
  }
  return out;
}

}  // namespace cw::app
