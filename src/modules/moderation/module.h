// Moderation: readers' reports, the moderators' queue and their decisions. Content modules attach by
// registering a ContentKind (moderation.h).
#pragma once
#include "modules/module.h"

namespace cw::moderation {

modules::Module module();

}  // namespace cw::moderation
