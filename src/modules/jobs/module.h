// Jobs: the record of background job runs that lets several app servers share the work (claims.h).
// No pages and no navigation; the runner itself is app::JobRunner.
#pragma once
#include "modules/module.h"

namespace cw::jobs {
modules::Module module();
}  // namespace cw::jobs
