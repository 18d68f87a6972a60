// The consultations' manifest (see modules/module.h): officers ask residents a survey between two dates,
// publish the results and then "You said, we did".
#pragma once
#include "modules/module.h"

namespace cw::consultations {

modules::Module module();
// Its part of "Your activity", "Download my data" and account deletion (personal_data.cpp).
modules::PersonalData personal_data();

}  // namespace cw::consultations
