#include "modules/petitions/pages.h"

#include <algorithm>
#include <array>
#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "html/chart.h"
#include "html/table.h"
#include "modules/places/ward_map.h"
#include "modules/search/topics.h"

namespace cw::petitions {

namespace {

using nlohmann::json;

json iso_or_null(const std::optional<Micros>& t) {
  if (!t) return nullptr;
  return iso_time(*t);
}

}  // namespace

std::string iso_time(Micros at) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::sys_seconds(std::chrono::seconds(at / 1'000'000)));
}

std::string with_commas(std::int64_t n) {
  auto s = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return n < 0 ? "-" + s : s;
}

std::string signatures_text(std::int64_t n) {
  return with_commas(n) + (n == 1 ? " signature" : " signatures");
}

json list_item(const PetitionRow& p) {
  json deadline = false;
  if (p.state == State::open && p.closes_at) deadline = civil::closes_text(*p.closes_at);
  if (p.state == State::closed) deadline = civil::closed_text(p.closes_at.value_or(p.closed_at.value_or(0)));
  return {{"href", "/petitions/" + std::to_string(p.id)},
          {"action", p.action},
          {"background", p.background},
          {"count", signatures_text(p.signature_count)},
          {"state", std::string(state_label(p.state))},
          {"deadline", deadline},
          {"responded", p.responded_at.has_value()},
          {"debated", p.debated_at.has_value()},
          {"topic",
           p.topic.empty() ? json(false) : json(std::string(search::topic_label(p.topic).value_or("")))}};
}

std::vector<WardCount> counts_by_ward(const std::vector<TallyRow>& tallies,
                                      const std::vector<places::WardRef>& wards) {
  std::vector<WardCount> out;
  for (const auto& w : wards) out.push_back({w.code, w.name, 0});
  std::int64_t unknown = 0, outside = 0;
  for (const auto& t : tallies) {
    if (t.ward_code == kOutsideWard) {
      outside += t.signatures;
      continue;
    }
    auto it = std::find_if(out.begin(), out.end(), [&](const WardCount& w) { return w.code == t.ward_code; });
    if (it != out.end() && !t.ward_code.empty())
      it->signatures += t.signatures;
    else
      unknown += t.signatures;
  }
  if (outside) out.push_back({kOutsideWard, "Outside the area (people who work or study here)", outside});
  if (unknown) out.push_back({"", "Ward not known", unknown});
  return out;
}

std::array<std::int64_t, 11> counts_by_decile(const std::vector<TallyRow>& tallies) {
  std::array<std::int64_t, 11> out{};
  for (const auto& t : tallies)
    out[t.imd_decile >= 1 && t.imd_decile <= 10 ? t.imd_decile : 0] += t.signatures;
  return out;
}

json counts_view(const PetitionRow& p, const std::vector<TallyRow>& tallies,
                 const std::vector<places::WardShape>& shapes, const std::vector<places::WardRef>& wards) {
  auto by_ward = counts_by_ward(tallies, wards);
  std::int64_t most = 0;
  for (const auto& w : by_ward)
    if (!w.code.empty()) most = std::max(most, w.signatures);
  html::Table ward_table("Signatures by ward", {{"Ward"}, {"Signatures", true}});
  places::MapOptions map{.title = "Map of signatures by ward",
                         .description =
                             "Each ward is shaded by how many people there signed: the darker, the "
                             "more. The table gives each ward's count.",
                         .id = "signature-map"};
  for (const auto& w : by_ward) {
    ward_table.add_row({{w.name}, {with_commas(w.signatures), {}, true}});
    if (w.code.empty()) continue;
    // Five shades, by share of the busiest ward: a ward with none stays unshaded.
    int shade = w.signatures == 0 || most == 0 ? 0 : 1 + static_cast<int>(4 * w.signatures / most);
    map.shades[w.code] = {shade ? fmt::format("app-ward-map__shade--{}", shade) : "",
                          signatures_text(w.signatures)};
  }
  auto deciles = counts_by_decile(tallies);
  std::vector<html::Bar> bars;
  html::Table decile_table("Signatures by deprivation decile of the signer's neighbourhood",
                           {{"Decile (IMD 2019)"}, {"Signatures", true}});
  for (int d = 1; d <= 10; ++d) {
    bars.push_back({std::to_string(d), static_cast<long>(deciles[d])});
    std::string label = d == 1 ? "1 (most deprived)" : d == 10 ? "10 (least deprived)" : std::to_string(d);
    decile_table.add_row({{label}, {with_commas(deciles[d]), {}, true}});
  }
  if (deciles[0]) decile_table.add_row({{"Not known"}, {with_commas(deciles[0]), {}, true}});
  auto low = deciles[1] + deciles[2];
  return {
      {"ward_table", std::move(ward_table).data()},
      {"ward_map", places::svg_map(shapes, {}, map)},
      {"decile_chart",
       html::bar_chart("decile-chart", "Signatures by deprivation decile",
                       fmt::format("Bar chart of signatures by the national deprivation decile of the "
                                   "signer's neighbourhood, from 1 (most deprived) to 10 (least deprived). "
                                   "{} came from deciles 1 and 2. The table below gives each count.",
                                   signatures_text(low)),
                       bars)},
      {"decile_table", std::move(decile_table).data()},
      {"has_signatures", p.signature_count > 0}};
}

json petition_json(const PetitionRow& p, const std::vector<TallyRow>& tallies,
                   const std::vector<places::WardRef>& wards, const std::string& base_url) {
  json by_ward = json::array();
  for (const auto& w : counts_by_ward(tallies, wards))
    by_ward.push_back({{"ons_code", w.code.empty() ? json(nullptr) : json(w.code)},
                       {"name", w.name},
                       {"signature_count", w.signatures}});
  auto deciles = counts_by_decile(tallies);
  json by_decile = json::array();
  for (int d = 0; d <= 10; ++d)
    if (d > 0 || deciles[0])
      by_decile.push_back({{"imd_decile", d ? json(d) : json(nullptr)}, {"signature_count", deciles[d]}});
  bool response = p.responded_at.has_value(), debate = p.debated_at.has_value();
  auto url = base_url + "/petitions/" + std::to_string(p.id);
  json attributes{
      {"action", p.action},
      {"background", p.background},
      {"additional_details", p.details},
      {"state", std::string(state_name(p.state))},
      {"signature_count", p.signature_count},
      {"topic", p.topic.empty() ? json(nullptr) : json(p.topic)},
      {"ward", p.ward_code.empty() ? json(nullptr) : json(p.ward_code)},
      {"created_at", iso_or_null(p.created_at)},
      {"opened_at", iso_or_null(p.opened_at)},
      {"closed_at", iso_or_null(p.closed_at)},
      {"deadline", iso_or_null(p.closes_at)},
      {"response_threshold_reached_at", iso_or_null(p.response_reached_at)},
      {"debate_threshold_reached_at", iso_or_null(p.debate_reached_at)},
      {"rejection", p.state == State::rejected
                        ? json{{"code", p.rejection_code}, {"details", p.rejection_details}}
                        : json(nullptr)},
      {"council_response",
       response ? json{{"details", p.response_text}, {"published_at", iso_or_null(p.responded_at)}}
                : json(nullptr)},
      {"debate", debate ? json{{"debated_on", p.debate_on}, {"outcome", p.debate_outcome}} : json(nullptr)},
      {"signatures_by_ward", std::move(by_ward)},
      {"signatures_by_decile", std::move(by_decile)}};
  return {{"links", {{"self", url + ".json"}}},
          {"data",
           {{"type", "petition"},
            {"id", p.id},
            {"links", {{"self", url + ".json"}}},
            {"attributes", std::move(attributes)}}}};
}

}  // namespace cw::petitions
