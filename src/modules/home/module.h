// The home page: introduces the locality and links to every module in the navigation.
#pragma once
#include "modules/module.h"

namespace cw::home {
modules::Module module();
}  // namespace cw::home
