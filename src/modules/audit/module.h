// Audit: the append-only, hash-chained record of consequential actions (audit.h). Its public page,
// /transparency, publishes the chain head daily (routes.cpp); the admin page comes with accounts;
// `commonweal audit verify` checks the chain.
#pragma once
#include "modules/module.h"

namespace cw::audit {
modules::Module module();
// Its part of "Your activity", "Download my data" and account deletion (personal_data.cpp).
modules::PersonalData personal_data();
void register_routes(web::Router& router);  // routes.cpp
modules::Job anchor_job();                  // routes.cpp
}  // namespace cw::audit
