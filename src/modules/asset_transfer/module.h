// Community Asset Transfer's manifest (see modules/module.h): an organisation takes on a council's land
// or building, from an expression of interest through the business case, valuation, decision and heads
// of terms to the transfer. It uses the asset register through assets/register.h and the Right to Bid's
// list of community bodies.
#pragma once
#include "modules/module.h"

namespace cw::asset_transfer {

modules::Module module();
// Its part of "Your activity", "Download my data" and account deletion (personal_data.cpp).
modules::PersonalData personal_data();

}  // namespace cw::asset_transfer
