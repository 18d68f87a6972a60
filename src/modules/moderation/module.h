// Moderation: readers' reports, the moderators' queue and their decisions. Content modules attach by
// registering a ContentKind (moderation.h).
#pragma once
#include "modules/module.h"

namespace cw::moderation {

modules::Module module();
// Its part of "Your activity", "Download my data" and account deletion (personal_data.cpp).
modules::PersonalData personal_data();

}  // namespace cw::moderation
