// The asset register's manifest (see modules/module.h): every community asset, hard and soft, with
// the Community Right to Bid and Community Asset Transfer.
#pragma once
#include "modules/module.h"

namespace cw::assets {

modules::Module module();

}  // namespace cw::assets
