// What a visitor asked the asset list or map for: the filters in the query string, checked, and the
// postcode they gave resolved to a place. Shared by the list, the map and the JSON API.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/assets/store.h"
#include "modules/places/lookup.h"
#include "modules/places/overview.h"
#include "web/forms.h"
#include "web/http.h"

namespace cw::assets {

struct ListQuery {
  places::LocalityRef locality;
  std::vector<places::WardRef> wards;
  AssetFilter filter;
  std::string postcode;               // as normalised, when one was given and found
  std::optional<places::Place> near;  // where that postcode is
  std::vector<web::FieldError> errors;
};

// Reads locality, postcode, q, kind, category, ward and page. Mistakes become `errors` (the page shows
// them and lists everything) rather than exceptions.
ListQuery parse_list_query(store::Tx& tx, const web::Request& req);

// The query string for these filters with `page`, e.g. "?ward=E05013754&page=2" ("" for none).
std::string list_query_string(const web::Request& req, int page);

}  // namespace cw::assets
