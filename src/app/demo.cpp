#include "app/demo.h"

#include "modules/assets/import.h"
#include "modules/budgeting/demo.h"
#include "modules/consultations/demo.h"
#include "modules/petitions/demo.h"
#include "modules/places/demo.h"
#include "modules/places/overview.h"

namespace cw::app {

std::string load_demo_data(store::Db& db, const std::string& dir, Micros now) {
  std::string out = places::load_demo(db, dir);
  auto locality = store::in_read(db, [](store::Tx& tx) { return places::first_locality(tx); });
  if (locality) out += "\n" + assets::load_demo_assets(db, locality->code, dir + "/assets.csv", now);
  if (locality) out += "\n" + consultations::load_demo_consultations(db, locality->code, now);
  if (locality) out += "\n" + petitions::load_demo_petitions(db, locality->code, now);
  if (locality) out += "\n" + budgeting::load_demo_budgets(db, locality->code, now);
  return out;
}

}  // namespace cw::app
