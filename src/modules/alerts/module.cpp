#include "modules/alerts/module.h"

#include <chrono>

#include "modules/alerts/routes.h"
#include "modules/alerts/service.h"

namespace cw::alerts {

modules::Module module() {
  using namespace std::chrono_literals;
  return {.name = "alerts",
          .nav = {{.label = "Alerts",
                   .href = "/alerts",
                   .summary = "Get an email when a petition or consultation starts in your ward."}},
          .register_routes = register_alert_routes,
          .jobs = {{.name = "alerts.digest",
                    .every = 5min,
                    .run =
                        [](const modules::JobContext& ctx) {
                          send_due_digests(ctx.db, {ctx.views, ctx.site.base_url}, ctx.clock.now());
                        }}},
          .personal_data = {personal_data()}};
}

}  // namespace cw::alerts
