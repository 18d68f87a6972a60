// /places/find: the postcode box's answer. A postcode in an area served goes to its ward's page with
// ?postcode=, which marks it on the ward's map; anything else comes back to the box with what to fix.
#include <fmt/format.h>

#include "modules/places/lookup.h"
#include "modules/places/overview.h"
#include "modules/places/postcode_box.h"
#include "web/context.h"
#include "web/forms.h"

namespace cw::places {

namespace {

web::Response find(const web::Request& req, web::Context& ctx) {
  auto typed = req.query.get_or("postcode", "").substr(0, 40);
  auto answer = store::in_read(ctx.db, [&](store::Tx& tx) {
    if (typed.find_first_not_of(" \t") == std::string::npos)
      return TypedPostcode{.problem = "Enter a postcode, for example SM1 1EA"};
    auto first = first_locality(tx);
    return find_typed_postcode(tx, typed, "", first ? first->name : "");
  });
  if (answer.place && answer.place->ward_code)
    return web::Response::redirect(fmt::format("/places/{}/wards/{}?postcode={}#near",
                                               answer.place->locality_code, *answer.place->ward_code,
                                               web::percent_encode(answer.postcode)));
  if (answer.problem.empty())
    answer.problem = answer.postcode + " is not in a ward we know. Check the postcode";
  nlohmann::json errors{{"items", {{{"text", answer.problem}, {"href", "#postcode"}}}}};
  return ctx.page("places/find",
                  {.title = "Find what is happening near you",
                   .breadcrumbs = {{"Home", "/"}, {"Places", "/places"}},
                   .has_errors = true,
                   .nav_current = "/places"},
                  {{"errors", std::move(errors)}, {"box", postcode_box(typed, answer.problem)}}, 422);
}

}  // namespace

nlohmann::json postcode_box(const std::string& value, const std::string& problem) {
  return {{"value", value}, {"error", problem.empty() ? nlohmann::json(false) : nlohmann::json(problem)}};
}

void register_find_routes(web::Router& router) {
  router.get("/places/find", find);
}

}  // namespace cw::places
