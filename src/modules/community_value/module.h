// The Community Right to Bid's manifest (see modules/module.h): nominations of assets of community
// value, the council's decisions and reviews, owners' notices, moratoriums and compensation, with
// reminders before every statutory deadline. It uses the asset register through assets/register.h.
#pragma once
#include "modules/module.h"

namespace cw::community_value {

modules::Module module();
// Its part of "Your activity", "Download my data" and account deletion (personal_data.cpp).
modules::PersonalData personal_data();

}  // namespace cw::community_value
