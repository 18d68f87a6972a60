// View models of e-petitions, shared by its handlers: a petition as a list item, its page's facts, its
// counts by ward (table and shaded SVG map) and by deprivation decile (chart and table), and its JSON,
// shaped like the UK Parliament petitions JSON. Pure apart from the reads passed in; thread-safe.
#pragma once
#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/civil_date.h"
#include "modules/petitions/store.h"
#include "modules/places/overview.h"

namespace cw::petitions {

// "2027-03-14T09:30:00Z", for JSON and Atom
std::string iso_time(Micros at);
// "1,234"
std::string with_commas(std::int64_t n);
// "1 signature", "1,234 signatures"
std::string signatures_text(std::int64_t n);
// "14 March 2027": the shared helper, as every date shown to people.
using civil::long_date;

nlohmann::json list_item(const PetitionRow& p);

struct WardCount {
  std::string code, name;
  std::int64_t signatures = 0;
};
// Every ward of the locality with its count (zero included, by name), then "unknown ward" if any.
std::vector<WardCount> counts_by_ward(const std::vector<TallyRow>& tallies,
                                      const std::vector<places::WardRef>& wards);
std::array<std::int64_t, 11> counts_by_decile(const std::vector<TallyRow>& tallies);  // [0] = not known

// {ward_table, ward_map, decile_chart, decile_table} for the petition's page.
nlohmann::json counts_view(const PetitionRow& p, const std::vector<TallyRow>& tallies,
                           const std::vector<places::WardShape>& shapes,
                           const std::vector<places::WardRef>& wards);

// The petition's JSON: {data: {id, type, links, attributes: {action, background, additional_details,
// state, signature_count, created_at, opened_at, closed_at, …, signatures_by_ward, signatures_by_decile}}}.
nlohmann::json petition_json(const PetitionRow& p, const std::vector<TallyRow>& tallies,
                             const std::vector<places::WardRef>& wards, const std::string& base_url);

}  // namespace cw::petitions
