// What the ideas handlers share (routes_ideas.cpp, idea_page.cpp): the idea in the path, the ideas'
// breadcrumbs and addresses, and the idea's page, which every form on it re-renders with its errors.
#pragma once
#include <cstdint>
#include <string>

#include "modules/budgeting/ideas_service.h"
#include "modules/budgeting/pages.h"
#include "modules/places/overview.h"

namespace cw::budgeting {

std::string ideas_href(std::int64_t process_id);  // "/budgets/3/ideas"
// The budget's and the idea's numbers from the path; HttpError 404 for a malformed one.
IdeaRef idea_ref_in(const web::Request& req);
std::vector<web::Breadcrumb> ideas_crumbs(const Process& p);
// The ward's name, or "The whole area" for none.
std::string ward_name(const std::vector<places::WardRef>& wards, const std::string& code);

// The idea's page: details, supporters, comments and, for officers, the assessment, merge and shortlist
// forms. `form` carries the errors and what was typed when one of those forms was refused.
web::Response idea_page(const web::Request& req, web::Context& ctx, const web::FormView& form, int status);

}  // namespace cw::budgeting
