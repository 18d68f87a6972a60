// All of the search module's SQL over the index: the filtered, ranked and paginated search, and the
// statuses on offer for the filter. Runs in the caller's transaction; thread-safe.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "modules/search/index.h"
#include "store/db.h"

namespace cw::search {

struct SearchFilter {
  std::string text;  // what the person typed; searched as search_terms(text)
  std::optional<std::int64_t> locality_id;
  std::optional<std::string> kind, status, topic, ward_code;
  // "Near my postcode": documents in this ward or about the whole locality first, then by distance.
  std::optional<std::string> near_ward_code;
  std::optional<double> near_lat, near_lon;
  // "best" (near the postcode, then by relevance, then newest), "newest", or "closing" (soonest first,
  // things that do not close last).
  std::string sort = "best";
  int page = 1, per_page = 20;
};

struct SearchHit {
  SearchDocument doc;
  std::optional<double> distance_m;  // from the postcode, when both have a point
};

struct SearchResults {
  std::vector<SearchHit> hits;
  std::int64_t total = 0;
};

SearchResults run_search(store::Tx& tx, const SearchFilter& f);
// The words of every indexed title and summary (of one locality when given), for "did you mean".
std::set<std::string> search_vocabulary(store::Tx& tx, std::optional<std::int64_t> locality_id);

struct StatusChoice {
  std::string slug, label;
};
// Every status in the index, for the filter's list (a kind's own statuses when `kind` is set).
std::vector<StatusChoice> indexed_statuses(store::Tx& tx, const std::optional<std::string>& kind);

}  // namespace cw::search
