// The asset register's manifest (see modules/module.h): every community asset, hard and soft. The
// Right to Bid and asset transfer are modules of their own that use the register through register.h.
#pragma once
#include "modules/module.h"

namespace cw::assets {

modules::Module module();

}  // namespace cw::assets
