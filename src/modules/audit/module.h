// Audit: the append-only, hash-chained record of consequential actions (audit.h). No pages yet (the
// admin page comes with accounts) and no navigation; `commonweal audit verify` checks the chain.
#pragma once
#include "modules/module.h"

namespace cw::audit {
modules::Module module();
// Its part of "Your activity", "Download my data" and account deletion (personal_data.cpp).
modules::PersonalData personal_data();
}  // namespace cw::audit
