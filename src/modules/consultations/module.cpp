#include "modules/consultations/module.h"

#include <nlohmann/json.hpp>

#include "modules/consultations/pages.h"
#include "modules/places/ward_sections.h"

namespace cw::consultations {

namespace {

// The ward page's list of consultations open now that concern the ward (or the whole locality).
std::string ward_section(store::Tx& tx, const places::WardSectionContext& ward) {
  SystemClock clock;
  auto now = clock.now();
  auto all = list_consultations(tx, {.locality_id = ward.locality_id, .ward_code = ward.ward_code});
  auto wards = places::ward_refs(tx, ward.locality_id);
  nlohmann::json open = nlohmann::json::array();
  for (const auto& c : all)
    if (phase(c, now) == Phase::open || phase(c, now) == Phase::upcoming)
      open.push_back(list_item(c, now, wards));
  return ward.views->render("consultations/ward_section",
                            {{"ward_name", ward.ward_name},
                             {"items", open},
                             {"has_items", !open.empty()},
                             {"all_href", "/consultations?show=all&ward=" + ward.ward_code}});
}

void register_routes(web::Router& router) {
  register_public_routes(router);
  register_respond_routes(router);
  register_manage_routes(router);
  register_survey_routes(router);
  register_results_routes(router);
}

}  // namespace

modules::Module module() {
  places::register_ward_section({.name = "consultations", .order = 20, .render = ward_section});
  return {.name = "consultations",
          .nav = {{.label = "Consultations",
                   .href = "/consultations",
                   .summary = "Have your say on the council's plans: answer open consultations, and see what "
                              "people said and what the council did about it."}},
          .register_routes = register_routes,
          .jobs = {{.name = "consultations.reindex_closed",
                    .every = std::chrono::minutes(1),
                    .run = [](const modules::JobContext& job) { reindex_closed(job.db, job.clock.now()); }}}};
}

}  // namespace cw::consultations
