// Places: localities, wards, LSOAs with deprivation, postcodes. Lists and pages for people, JSON under
// /api/v1 for programs.
#pragma once
#include "modules/module.h"

namespace cw::places {
modules::Module module();
}  // namespace cw::places
