// A number in a request's path ("/petitions/42"), for every module's handlers: positive, all digits,
// or a plain 404. Pure; thread-safe.
#pragma once
#include <cstdint>
#include <string>

#include "web/http.h"

namespace cw::web {

// REQUIRES: the route has the parameter `name`. Throws HttpError 404 with `not_found` for "7x", "0", "-1".
std::int64_t path_number(const Request& req, const std::string& name, const std::string& not_found);

}  // namespace cw::web
