// The postcode box, "Find what is happening near you", on the home page and on Places: a GET form to
// /places/find, which sends a postcode to its ward's page. Public header: the home module shows it too.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "web/router.h"

namespace cw::places {

// Data for the places/postcode_box partial: the value typed, and what is wrong with it ("" when nothing).
nlohmann::json postcode_box(const std::string& value = {}, const std::string& problem = {});

void register_find_routes(web::Router& router);

}  // namespace cw::places
