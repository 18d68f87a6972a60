// What every module's commands are told about the request that asks for them, and the two helpers
// their handlers share: the command for a request and the way to the sign-in page. Plain values; a
// Command lives as long as its request.
#pragma once
#include <string>

#include "common/actor.h"
#include "common/clock.h"
#include "html/views.h"
#include "web/context.h"
#include "web/http.h"

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

}  // namespace cw::modules
