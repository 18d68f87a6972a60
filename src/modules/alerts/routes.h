// The alerts' routes: /alerts (subscribe), /alerts/confirm/{token} and /alerts/unsubscribe/{token}.
#pragma once
#include "web/router.h"

namespace cw::alerts {

void register_alert_routes(web::Router& router);

}  // namespace cw::alerts
