// Turns places data into what the views and the JSON API show: the page data for the mustache views and
// the documents under /api/v1. Pure functions of store rows; no SQL, no HTML.
#pragma once
#include <vector>

#include <nlohmann/json.hpp>

#include "modules/places/store.h"

namespace cw::places {

struct LocalityWards {
  Locality locality;
  std::vector<WardSummary> wards;
};

// Pages.
nlohmann::json places_page(const std::vector<LocalityWards>& localities);
nlohmann::json ward_page(const Ward& ward, const std::vector<LsoaRow>& lsoas);

// JSON API documents.
nlohmann::json localities_json(const std::vector<LocalityWards>& localities);
nlohmann::json locality_wards_json(const LocalityWards& locality);
nlohmann::json ward_json(const Ward& ward, const std::vector<LsoaRow>& lsoas);

// Paths, so pages and API documents link the same way.
std::string ward_href(const std::string& locality_code, const std::string& ward_code);

}  // namespace cw::places
