#include "modules/petitions/routes.h"

#include <cstdlib>

#include "web/http.h"

namespace cw::petitions {

Command command_for(const web::Context& ctx) {
  return {.actor = ctx.actor,
          .views = ctx.views,
          .base_url = ctx.site.base_url,
          .ip = ctx.remote_ip(),
          .now = ctx.clock.now()};
}

places::LocalityRef request_locality(store::Tx& tx, const web::Request& req) {
  auto all = places::locality_refs(tx);
  if (all.empty()) throw web::HttpError(404, "not_found", "No area is set up yet.");
  auto code = req.query.get_or("locality", "");
  if (code.empty()) return all.front();
  for (const auto& l : all)
    if (l.code == code) return l;
  throw web::HttpError(404, "not_found", "There is no area with the code " + code + ".");
}

places::LocalityRef locality_of(store::Tx& tx, std::int64_t id) {
  for (const auto& l : places::locality_refs(tx))
    if (l.id == id) return l;
  return {id, "", "the area"};
}

std::int64_t id_param(const web::Request& req, const char* name) {
  const auto& text = req.param(name);
  char* end = nullptr;
  auto n = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n <= 0)
    throw web::HttpError(404, "not_found", "There is no such petition.");
  return n;
}

web::Response sign_in_redirect(const web::Request& req) {
  return web::Response::redirect("/account/sign-in?next=" + web::percent_encode(req.path));
}

web::Response form_page(web::Context& ctx, const std::string& view, const std::string& title,
                        nlohmann::json data, bool has_errors, int status) {
  return ctx.page(view,
                  {.title = title,
                   .breadcrumbs = {{"Home", "/"}, {"Petitions", "/petitions"}},
                   .has_errors = has_errors,
                   .nav_current = "/petitions"},
                  std::move(data), status);
}

}  // namespace cw::petitions
