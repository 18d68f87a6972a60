// Helpers shared by the asset register's handlers (routes_*.cpp): which locality a request is about,
// who is acting, and the route tables each file registers.
#pragma once
#include <cstdint>
#include <string>

#include "modules/assets/service.h"
#include "modules/places/overview.h"
#include "web/context.h"
#include "web/router.h"

namespace cw::assets {

// The locality named by ?locality=CODE, or the first one served. Throws HttpError 404 when there is
// none or the code is unknown.
places::LocalityRef request_locality(store::Tx& tx, const web::Request& req);
places::LocalityRef locality_by_id(store::Tx& tx, std::int64_t id);

Acting acting(const web::Context& ctx);
// The asset number in the path; HttpError 404 when it is not a number.
std::int64_t path_id(const web::Request& req, const char* name = "id");
// A published asset (or a hidden one for those who may edit it). HttpError 404 otherwise.
Asset visible_asset(store::Tx& tx, const web::Context& ctx, std::int64_t id);

void register_public_routes(web::Router& router);  // routes_public.cpp
void register_api_routes(web::Router& router);     // routes_api.cpp
void register_edit_routes(web::Router& router);    // routes_edit.cpp
void register_photo_routes(web::Router& router);   // routes_photos.cpp

}  // namespace cw::assets
