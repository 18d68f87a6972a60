// What a visitor asked the search for (the query string, checked, with their postcode resolved to a
// place) and what the page, the JSON API and the Atom feed show of the results. Shared by the three.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/civil_date.h"
#include "modules/places/lookup.h"
#include "modules/places/overview.h"
#include "modules/search/store.h"
#include "web/forms.h"
#include "web/http.h"

namespace cw::search {

struct SearchRequest {
  SearchFilter filter;
  std::string postcode;  // normalised, when given and found
  std::optional<places::Place> near;
  std::vector<places::WardRef> wards;  // of every locality served, for the filter and for names
  std::vector<web::FieldError> errors;
};

// Reads q, kind, status, topic, ward, postcode and page. Mistakes become `errors` (the page shows them
// and searches without the bad filter) rather than exceptions.
SearchRequest parse_search_request(store::Tx& tx, const web::Request& req, int per_page);

// The query string for the same search at `page` ("" for none), e.g. "?q=library&page=2".
std::string search_query_string(const web::Request& req, int page);

// One result as the page and the API show it.
nlohmann::json hit_json(const SearchHit& hit, const std::vector<places::WardRef>& wards);

// The filter form's fields (partials text_input and select), refilled from the request.
nlohmann::json search_form(store::Tx& tx, const SearchRequest& s, const web::Request& req);

// "2 December 2026" and RFC 3339, for dates in results and the feed.

}  // namespace cw::search
