// What the Right to Bid pages and JSON show of a case, built from the store's rows and the rules'
// dates. Pure functions over plain values.
#pragma once
#include <nlohmann/json.hpp>

#include "modules/community_value/store.h"

namespace cw::community_value {

const char* standing_colour(Standing s);
// Data for the partial community_value/timeline.
nlohmann::json timeline_view(const CaseRow& c, const Periods& p, Date today);
// One case as the lists and the API show it: names, standing and its key dates (ISO and long).
nlohmann::json case_json(const CaseRow& c, const Periods& p, Date today);
// Rows of the nomination's contents for partials/summary_list.
nlohmann::json nomination_rows(const CaseRow& c);

}  // namespace cw::community_value
