#include "modules/assets/routes.h"

#include "modules/places/request_locality.h"
#include "web/path_number.h"

namespace cw::assets {

using web::HttpError;

places::LocalityRef request_locality(store::Tx& tx, const web::Request& req) {
  return places::request_locality(tx, req, "No area has been loaded yet, so there are no assets to show.");
}

places::LocalityRef locality_by_id(store::Tx& tx, std::int64_t id) {
  return places::locality_by_id(tx, id);
}

Acting acting(const web::Context& ctx) {
  return {ctx.actor, ctx.remote_ip(), ctx.clock.now(), &ctx.views, ctx.site.base_url};
}

std::int64_t path_id(const web::Request& req, const char* name) {
  return web::path_number(req, name, "There is no asset with that number.");
}

Asset visible_asset(store::Tx& tx, const web::Context& ctx, std::int64_t id) {
  auto a = find_asset(tx, id);
  if (!a || a->status == "removed" || (a->status == "hidden" && !can_edit(ctx.actor, *a)))
    throw HttpError(404, "not_found", "There is no asset with that number: it may have been removed.");
  return *a;
}

}  // namespace cw::assets
