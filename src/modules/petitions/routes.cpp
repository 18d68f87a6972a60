#include "modules/petitions/routes.h"

#include "modules/places/request_locality.h"
#include "web/http.h"
#include "web/path_number.h"

namespace cw::petitions {

places::LocalityRef request_locality(store::Tx& tx, const web::Request& req) {
  return places::request_locality(tx, req, "No area has been loaded yet, so there are no petitions.");
}

places::LocalityRef locality_of(store::Tx& tx, std::int64_t id) {
  return places::locality_by_id(tx, id);
}

std::int64_t id_param(const web::Request& req, const char* name) {
  return web::path_number(req, name, "There is no such petition.");
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
