// The e-petitions manifest (see modules/module.h): petitions modelled on the UK Parliament e-petitions
// rules, with signatures counted by ward and deprivation decile.
#pragma once
#include "modules/module.h"

namespace cw::petitions {

modules::Module module();

}  // namespace cw::petitions
