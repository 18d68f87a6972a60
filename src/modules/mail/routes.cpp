// The "stop these emails" link at the foot of every mail that is not account-critical: a page with a
// button, and its POST, which carries no CSRF token (mail programs send it for one-click unsubscribe,
// RFC 8058): the secret in the address is what authorises it, and all it can do is stop mail.
#include <nlohmann/json.hpp>

#include "modules/mail/module.h"
#include "modules/mail/outbox.h"
#include "web/context.h"
#include "web/http.h"
#include "web/router.h"

namespace cw::mail {

namespace {

std::string address_of(web::Context& ctx, const std::string& token) {
  auto address = store::in_read(ctx.db, [&](store::Tx& tx) { return stop_link_address(tx, token); });
  if (!address)
    throw web::HttpError(404, "not_found",
                         "This link is not valid. Check that you copied the whole link from the email.");
  return *address;
}

web::Response stop_page(const web::Request& req, web::Context& ctx) {
  auto address = address_of(ctx, req.param("token"));
  return ctx.page("mail/stop", {.title = "Stop emails"},
                  {{"address", address}, {"action", req.path}, {"stopped", false}});
}

web::Response stop_post(const web::Request& req, web::Context& ctx) {
  auto address = address_of(ctx, req.param("token"));
  store::in_write(ctx.db,
                  [&](store::Tx& tx) { suppress_address(tx, address, "requested", ctx.clock.now()); });
  return ctx.page("mail/stop", {.title = "You will get no more emails"},
                  {{"address", address}, {"action", req.path}, {"stopped", true}});
}

}  // namespace

void register_routes(web::Router& router) {
  router.get("/mail/stop/{token}", stop_page);
  router.post("/mail/stop/{token}", stop_post, {.csrf = false});
}

}  // namespace cw::mail
