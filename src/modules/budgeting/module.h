// The participatory budgeting manifest (see modules/module.h): residents decide how a pot of council
// money is spent, by secret ballot, counted greedily or by the Method of Equal Shares.
#pragma once
#include "modules/module.h"

namespace cw::budgeting {

modules::Module module();
// Its part of "Your activity", "Download my data" and account deletion (personal_data.cpp).
modules::PersonalData personal_data();

}  // namespace cw::budgeting
