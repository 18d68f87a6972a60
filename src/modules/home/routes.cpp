// The home page handler: reads the locality overview from places' public header and lists the modules.
#include <fmt/format.h>

#include "modules/home/module.h"
#include "modules/places/overview.h"
#include "modules/places/postcode_box.h"

namespace cw::home {

namespace {

web::Response home(const web::Request&, web::Context& ctx) {
  auto locality = store::in_read(ctx.db, [](store::Tx& tx) { return places::first_locality(tx); });
  nlohmann::json modules = nlohmann::json::array();
  for (const auto& n : ctx.site.nav)
    modules.push_back({{"label", n.label}, {"href", n.href}, {"summary", n.summary}});
  nlohmann::json data{{"product", ctx.site.product},
                      {"modules", modules},
                      {"locality", false},
                      {"box", places::postcode_box()}};
  if (locality)
    data["locality"] = {
        {"name", locality->name},
        {"code", locality->code},
        {"wards", fmt::format("{} {}", locality->wards, locality->wards == 1 ? "ward" : "wards")}};
  return ctx.page("home/home",
                  {.title = "Home",
                   .description = "Find what is happening near you: sign petitions, have your say in "
                                  "consultations, find community assets and see how local services do."},
                  std::move(data));
}

}  // namespace

void register_routes(web::Router& router) {
  router.get("/", home);
}

}  // namespace cw::home
