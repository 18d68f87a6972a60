// The e-petitions manifest (see modules/module.h): petitions modelled on the UK Parliament e-petitions
// rules, with signatures counted by ward and deprivation decile.
#pragma once
#include "modules/module.h"

namespace cw::petitions {

modules::Module module();
// Its part of "Your activity", "Download my data" and account deletion (personal_data.cpp).
modules::PersonalData personal_data();

}  // namespace cw::petitions
