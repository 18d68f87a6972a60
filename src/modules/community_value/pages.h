// The Right to Bid's page builders shared by its handlers (routes.cpp, routes_settings.cpp): the case page
// with the officer's forms for the next allowed steps, and the command for a request.
#pragma once
#include <cstdint>

#include "modules/community_value/service.h"
#include "web/context.h"
#include "web/forms.h"

namespace cw::community_value {

using modules::command_for;
using modules::sign_in_redirect;

// The case page; `form` and `typed` refill the form that failed, `status` is its HTTP status.
web::Response case_page(const web::Request& req, web::Context& ctx, std::int64_t id,
                        const web::FormView& form, const web::Params& typed, int status = 200);

}  // namespace cw::community_value
