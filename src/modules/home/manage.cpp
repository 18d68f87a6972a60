// The officer home (/manage): every queue of work the signed-in person may act on, with its count, from
// each module's manifest (modules/queues.h). People with no role there are told so, not shown zeros.
#include "modules/command.h"
#include "modules/queues.h"
#include "web/router.h"

namespace cw::home {

namespace {

web::Response manage(const web::Request& req, web::Context& ctx) {
  if (!ctx.actor) return modules::sign_in_redirect(req);
  auto queues = store::in_read(
      ctx.db, [&](store::Tx& tx) { return modules::count_queues(tx, *ctx.actor, ctx.clock.now()); });
  if (queues.empty())
    throw web::HttpError(403, "forbidden",
                         "This page is for council officers, moderators and administrators. Your account has "
                         "no such role; an administrator of your area can give you one.");
  nlohmann::json items = nlohmann::json::array();
  std::int64_t waiting = 0;
  for (const auto& q : queues) {
    waiting += q.count;
    items.push_back(
        {{"status_id", "queue-" + std::to_string(items.size()) + "-status"},
         {"title", q.title},
         {"href", q.href},
         {"count", q.count},
         {"none", q.count == 0},
         {"status", q.count == 0 ? std::string("Nothing waiting") : std::to_string(q.count) + " waiting"}});
  }
  return ctx.page("home/manage",
                  {.title = "Your work", .breadcrumbs = {{"Home", "/"}}, .nav_current = "/manage"},
                  {{"items", std::move(items)}, {"nothing", waiting == 0}});
}

}  // namespace

void register_manage_routes(web::Router& router) {
  router.get("/manage", manage);
}

}  // namespace cw::home
