// What every module's commands are told about the request that asks for them, and the helpers their
// handlers share: the command for a request, the way to the sign-in page, and the handler for one step
// of a case-based workflow. Plain values; a Command lives as long as its request.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "common/actor.h"
#include "common/clock.h"
#include "html/views.h"
#include "store/db.h"
#include "web/context.h"
#include "web/forms.h"
#include "web/http.h"
#include "web/problems.h"
#include "web/router.h"

namespace cw::modules {

struct Command {
  const Actor* actor = nullptr;  // null: nobody is signed in
  const html::Views& views;      // for mail
  std::string base_url;          // for links in mail, without a trailing slash
  std::string ip;
  Micros now = 0;
};

Command command_for(const web::Context& ctx);

// A redirect to the sign-in page that comes back to this request's page (path and query) afterwards.
web::Response sign_in_redirect(const web::Request& req);

// One step of a case (the Right to Bid's decision, an asset transfer's valuation …), as a POST handler
// for a path with {id}: sign-in first; `step` runs in one write transaction; then a redirect to
// `done(id)`. The step puts what it cannot read of the form in `problems` and goes on, so that the
// domain checks the other fields too; any problem then rolls the transaction back. When the step
// refuses, 403 and 404 become those pages and anything else shows `again`, the case page, with every
// error and what was typed.
using CaseStep = std::function<void(store::Tx&, const Command&, std::int64_t id, const web::Params& form,
                                    web::Problems& problems)>;
using CasePage =
    std::function<web::Response(const web::Request&, web::Context&, std::int64_t id,
                                const web::FormView& form, const web::Params& typed, int status)>;
web::Handler case_step_handler(CaseStep step, CasePage again, std::function<std::string(std::int64_t)> done);

}  // namespace cw::modules
