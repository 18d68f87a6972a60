#include "modules/command.h"

#include "web/path_number.h"

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

web::Handler case_step_handler(CaseStep step, CasePage again, std::function<std::string(std::int64_t)> done) {
  return [step = std::move(step), again = std::move(again), done = std::move(done)](const web::Request& req,
                                                                                    web::Context& ctx) {
    if (!ctx.actor) return sign_in_redirect(req);
    auto id = web::path_number(req, "id", "There is no case with that number.");
    auto form = req.form();
    try {
      store::in_write(ctx.db, [&](store::Tx& tx) {
        web::Problems problems;
        try {
          step(tx, command_for(ctx), id, form, problems);
        } catch (const web::FormInvalid& e) {
          if (e.status == 403 || e.status == 404) throw;
          problems.add(e.errors);
        }
        problems.refuse_if_any();
      });
    } catch (const web::FormInvalid& e) {
      if (e.status == 403) throw web::HttpError(403, "forbidden", e.what());
      if (e.status == 404) throw web::HttpError(404, "not_found", e.what());
      return again(req, ctx, id, web::FormView(form, e.errors), form, e.status);
    }
    return web::Response::redirect(done(id));
  };
}

}  // namespace cw::modules
