// The secret ballot box's manifest (see modules/module.h): its tables only. The votes that use it
// (modules/budgeting, board elections) list it before themselves in src/app/modules.cpp.
#pragma once
#include "modules/module.h"

namespace cw::ballots {

modules::Module module();

}  // namespace cw::ballots
