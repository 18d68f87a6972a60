// The asset register's manifest (see modules/module.h): every community asset, hard and soft. The
// Right to Bid and asset transfer are modules of their own that use the register through register.h.
#pragma once
#include "modules/module.h"

namespace cw::assets {

modules::Module module();
// Its part of "Your activity", "Download my data" and account deletion (personal_data.cpp).
modules::PersonalData personal_data();

}  // namespace cw::assets
