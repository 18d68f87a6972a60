// Which locality a request is about, for every module's handlers: ?locality=CODE, or the first one
// served. Public header; runs in the caller's transaction.
#pragma once
#include <cstdint>
#include <string>

#include "modules/places/overview.h"
#include "store/db.h"
#include "web/http.h"

namespace cw::places {

// HttpError 404 with `nothing_loaded` when no locality is served, or naming the code when it is unknown.
LocalityRef request_locality(store::Tx& tx, const web::Request& req, const std::string& nothing_loaded);
// HttpError 404 when the locality is no longer served.
LocalityRef locality_by_id(store::Tx& tx, std::int64_t id);

}  // namespace cw::places
