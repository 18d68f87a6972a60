#include "modules/ballots/module.h"

namespace cw::ballots {

modules::Module module() {
  return {.name = "ballots"};
}

}  // namespace cw::ballots
