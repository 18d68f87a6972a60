// Audit: the append-only, hash-chained record of consequential actions (audit.h). No pages yet (the
// admin page comes with accounts) and no navigation; `commonweal audit verify` checks the chain.
#pragma once
#include "modules/module.h"

namespace cw::audit {
modules::Module module();
}  // namespace cw::audit
