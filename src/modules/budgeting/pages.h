// What the budgeting handlers share (routes_*.cpp): the process a request is about, turning the
// service's refusals into pages, the breadcrumbs, and the route tables.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "modules/budgeting/service.h"
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
// What a voter's ballot, found by its receipt code, did: counted, and where their share went.
web::Response share_page(const web::Context& ctx, const Process& p, const Results& r, const Ballot& ballot);

void register_manage_routes(web::Router& router);    // routes_manage.cpp
void register_vote_routes(web::Router& router);      // routes_vote.cpp
void register_results_routes(web::Router& router);   // routes_results.cpp
void register_explain_routes(web::Router& router);   // routes_explain.cpp
void register_delivery_routes(web::Router& router);  // routes_delivery.cpp
void register_idea_routes(web::Router& router);      // routes_ideas.cpp

}  // namespace cw::budgeting
