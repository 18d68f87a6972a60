#include "modules/consultations/module.h"

#include <nlohmann/json.hpp>

#include "modules/consultations/formats.h"
#include "modules/consultations/pages.h"
#include "modules/consultations/service.h"
#include "modules/consultations/store.h"
#include "modules/places/overview.h"
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

// The consultations `actor` manages anywhere, with `pick` choosing those that count; nullopt when
// they run consultations nowhere.
std::optional<std::int64_t> count_managed(store::Tx& tx, const Actor& a,
                                          const std::function<bool(const Consultation&)>& pick) {
  bool any = false;
  std::int64_t n = 0;
  for (const auto& l : places::locality_refs(tx)) {
    if (!can_create(&a, l.id)) continue;
    any = true;
    for (const auto& c : list_consultations(tx, {.locality_id = l.id, .published_only = true}))
      if (can_manage(&a, c) && pick(c)) ++n;
  }
  return any ? std::optional(n) : std::nullopt;
}

// Officers' queues on the officer home: what closes within a week, and what closed with no outcome.
std::vector<modules::Queue> queues() {
  return {{.title = "Consultations closing within a week",
           .href = "/consultations/manage",
           .order = 50,
           .count =
               [](store::Tx& tx, const Actor& a, Micros now) {
                 return count_managed(tx, a, [now](const Consultation& c) {
                   return c.status == "published" && c.starts_at <= now && now < c.ends_at &&
                          c.ends_at <= now + 7 * kDay;
                 });
               }},
          {.title = "Consultation outcomes to publish (\"You said, we did\")",
           .href = "/consultations/manage",
           .order = 51,
           .count = [](store::Tx& tx, const Actor& a, Micros now) {
             return count_managed(tx, a, [now](const Consultation& c) {
               return c.status == "published" && c.ends_at <= now && !c.outcome_published_at;
             });
           }}};
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
                    .run = [](const modules::JobContext& job) { reindex_closed(job.db, job.clock.now()); }}},
          .queues = queues(),
          .personal_data = {personal_data()}};
}

}  // namespace cw::consultations
