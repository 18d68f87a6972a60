// Community Asset Transfer's handlers, as its manifest (module.cpp) wires them.
#pragma once
#include "web/router.h"

namespace cw::asset_transfer {

// Pages and JSON under /assets/transfers and /api/v1/transfers.
void register_routes(web::Router& router);

}  // namespace cw::asset_transfer
