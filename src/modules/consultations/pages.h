// What the consultations' handlers share (routes_*.cpp): the locality and consultation a request is
// about, the command for the service, turning refusals into pages, and the route tables.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "modules/consultations/service.h"
#include "modules/places/overview.h"
#include "web/context.h"
#include "web/forms.h"
#include "web/router.h"

namespace cw::consultations {

// The locality named by ?locality=CODE, or the first one served. HttpError 404 when there is none.
places::LocalityRef request_locality(store::Tx& tx, const web::Request& req);
places::LocalityRef locality_by_id(store::Tx& tx, std::int64_t id);
inline Command command(const web::Context& ctx) {
  return modules::command_for(ctx);
}
// The number in the path parameter `name`; HttpError 404 when it is not one.
std::int64_t path_id(const web::Request& req, const char* name = "id");
// A consultation the actor may see (HttpError 404 otherwise), and one they may manage (403).
Consultation visible(store::Tx& tx, const web::Context& ctx, std::int64_t id);
Consultation managed_by(store::Tx& tx, const web::Context& ctx, std::int64_t id);
// A refusal from the service as an error page: 403, 404 or 409 with its message.
[[noreturn]] void refused(const web::FormInvalid& e);
web::Response sign_in(const web::Request& req);

std::string consultation_href(std::int64_t id);
// Breadcrumbs down to a consultation's page.
std::vector<web::Breadcrumb> crumbs(const Consultation& c);
// One consultation in a list: {href, title, summary, phase {text, colour}, dates, wards, topics}.
nlohmann::json list_item(const Consultation& c, Micros now, const std::vector<places::WardRef>& wards);
// "Open from 3 April 2027 to 3 June 2027", "Closed on 3 June 2027".
std::string dates_text(const Consultation& c, Micros now);
// Names of its wards ("The whole of Sutton" when none), topics' labels.
std::vector<std::string> ward_names(const Consultation& c, const std::vector<places::WardRef>& wards,
                                    const std::string& locality_name);
std::vector<std::string> topic_labels(const Consultation& c);

// The survey as a form: one entry per question for consultations/questions (partials inside), refilled
// from `form` (submitted values or a saved draft). `place_map` ({url, attribution, bounds} or false) lets
// the page's script add a map to each place question, for a site with a tile server.
nlohmann::json survey_fields(const Survey& survey, const web::FormView& form,
                             const nlohmann::json& place_map = false);
// The form fields a saved answer set would submit, to refill the form with a draft.
web::Params answers_as_params(const Survey& survey, const Answers& answers);

// The consultation's JSON for the API and the page: details, phase, dates, wards, topics, documents.
nlohmann::json consultation_json(const Consultation& c, Micros now, const std::vector<Document>& documents,
                                 const std::string& base_url);

void register_public_routes(web::Router& router);   // routes_public.cpp
void register_respond_routes(web::Router& router);  // routes_respond.cpp
void register_manage_routes(web::Router& router);   // routes_manage.cpp
void register_survey_routes(web::Router& router);   // routes_survey.cpp
void register_results_routes(web::Router& router);  // routes_results.cpp

}  // namespace cw::consultations
