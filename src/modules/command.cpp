#include "modules/command.h"

namespace cw::modules {

Command command_for(const web::Context& ctx) {
  return {.actor = ctx.actor,
          .views = ctx.views,
          .base_url = ctx.site.base_url,
          .ip = ctx.remote_ip(),
          .now = ctx.clock.now()};
}

web::Response sign_in_redirect(const web::Request& req) {
  return web::Response::redirect("/account/sign-in?next=" + web::percent_encode(req.target.substr(0, 500)));
}

}  // namespace cw::modules
