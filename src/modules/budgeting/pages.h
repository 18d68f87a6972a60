// What the budgeting handlers share (routes_*.cpp): the process a request is about, turning the
// service's refusals into pages, the breadcrumbs, and the route tables.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "modules/budgeting/service.h"
#include "modules/budgeting/store.h"
#include "web/context.h"
#include "web/forms.h"
#include "web/router.h"

namespace cw::budgeting {

std::int64_t path_id(const web::Request& req);
// The process in the path; HttpError 404 when there is none.
Process process_in(store::Tx& tx, const web::Request& req);
// A refusal from the service as an error page: 403, 404 or 409 with its message.
[[noreturn]] void refused(const web::FormInvalid& e);
std::string process_href(std::int64_t id);
std::vector<web::Breadcrumb> crumbs(const Process& p);
// "Voting is open until the end of 23 May 2027", "Voting closed on …", "Voting opens on …".
std::string voting_dates_text(const Process& p, Micros now);
// A page saying one thing, under the process's breadcrumbs.
web::Response message(const web::Context& ctx, const Process& p, const std::string& heading,
                      const std::vector<std::string>& paragraphs, int status = 200);

// The process in the path and its results; an error page before the close.
std::pair<Process, Results> counted(const web::Request& req, web::Context& ctx, bool with_pabulib = false);
// The results page, with `form` refilling the receipt check or the exclusion form and naming its errors.
web::Response results_view(const web::Request& req, web::Context& ctx, const web::FormView& form, int status);
// The results page's exclusions: each excluded project with its reason, what the rules alone funded
// beside what is published, and, for the organisers while results are out, the form to exclude one.
nlohmann::json exclusions_section(const web::Context& ctx, const Process& p,
                                  const std::vector<Project>& projects, const Results& r,
                                  const std::vector<Exclusion>& exclusions, const web::FormView& form);
// What a voter's ballot, found by its receipt code, did: counted, and where their share went.
web::Response share_page(const web::Context& ctx, const Process& p, const Results& r, const Ballot& ballot);

// Reads the ballot fields of a submitted form: "projects", "points-<id>", "rank-<n>".
BallotForm ballot_form_of(const web::Params& form);
// Data for the "ballot" section of a ballot form (views/ballot_fields, as vote.mustache includes it):
// checkboxes, a points box per project, or a drop-down per place, refilled from `form`.
nlohmann::json ballot_fields(const Rules& rules, const std::vector<Project>& projects,
                             const web::FormView& form);
// The running total of a knapsack or cumulative ballot for what was `typed` ("tally"), else false.
nlohmann::json tally_of(const Rules& rules, const std::vector<Project>& projects, const web::Params& typed);

// Which ballot form: a signed-in voter's (changing it once they have voted), a code holder's (the code
// carried along in a hidden field), or an officer's typing in of a paper ballot (its code typed too).
struct BallotPage {
  bool changing = false;
  std::string code;
  bool paper = false;
  nlohmann::json banner = false;  // partials/notification_banner data
};
web::Response vote_form(const web::Context& ctx, const Process& p, const std::vector<Project>& projects,
                        const BallotPage& page, const web::FormView& form, const web::Params& typed,
                        int status);

// The page answering a vote: the receipt code, shown this once and kept nowhere.
web::Response receipt_page(const web::Context& ctx, const Process& p, const std::string& receipt);

void register_manage_routes(web::Router& router);     // routes_manage.cpp
void register_vote_routes(web::Router& router);       // routes_vote.cpp
void register_results_routes(web::Router& router);    // routes_results.cpp
void register_explain_routes(web::Router& router);    // routes_explain.cpp
void register_delivery_routes(web::Router& router);   // routes_delivery.cpp
void register_idea_routes(web::Router& router);       // routes_ideas.cpp
void register_code_routes(web::Router& router);       // routes_codes.cpp
void register_exclusion_routes(web::Router& router);  // routes_exclusions.cpp
void register_import_routes(web::Router& router);     // routes_import.cpp

}  // namespace cw::budgeting
