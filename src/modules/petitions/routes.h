// What e-petitions' handlers share (routes_public.cpp, routes_council.cpp): the per-server signing
// machinery (fraud monitor, group commit, rate limits), the command for a request, the locality a
// request is about, and the route tables.
#pragma once
#include <cstdint>
#include <memory>

#include "html/fragment_cache.h"
#include "modules/petitions/fraud.h"
#include "modules/petitions/service.h"
#include "modules/places/overview.h"
#include "store/group_commit.h"
#include "web/context.h"
#include "web/rate_limiter.h"
#include "web/router.h"

namespace cw::petitions {

// One per server (each Runtime builds its own): in-memory limits are per app server by design.
struct Signing {
  FraudMonitor fraud;
  store::GroupCommit group;
  web::RateLimiter starts{"petition-starts", 5, 5.0 / 60};           // per IP: 5 petitions an hour
  web::RateLimiter confirmations{"petition-confirmations", 60, 60};  // per IP: mail-scanner floods
  // Each petition's map, tables and chart as rendered at its last tally (petitions.tallied_at): a surge
  // of readers costs one render per tally, not one per request.
  html::FragmentCache counts{1024};
};

using modules::command_for;
// ?locality=CODE, or the first locality served; HttpError 404 when there is none.
places::LocalityRef request_locality(store::Tx& tx, const web::Request& req);
places::LocalityRef locality_of(store::Tx& tx, std::int64_t id);
// The number in the path parameter; HttpError 404 otherwise.
std::int64_t id_param(const web::Request& req, const char* name = "id");
web::Response sign_in_redirect(const web::Request& req);
// A page with a form: the layout's title says "Error: " when the form has errors.
web::Response form_page(web::Context& ctx, const std::string& view, const std::string& title,
                        nlohmann::json data, bool has_errors, int status);

void register_public_routes(web::Router& router, const std::shared_ptr<Signing>& signing);
void register_council_routes(web::Router& router);

}  // namespace cw::petitions
