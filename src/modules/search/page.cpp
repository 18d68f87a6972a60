#include "modules/search/page.h"

#include <algorithm>
#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "modules/places/places.h"
#include "modules/search/query.h"
#include "modules/search/topics.h"
#include "web/query_params.h"

namespace cw::search {

using web::given;

namespace {

using nlohmann::json;

bool is_slug(const std::string& s) {
  return !s.empty() && s.size() <= 40 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '_' || c == '-';
  });
}

void resolve_postcode(store::Tx& tx, const std::string& typed, SearchRequest& s) {
  auto found = places::find_typed_postcode(tx, typed, "", "");
  if (!found.place) {
    s.errors.push_back({"postcode", found.problem});
    return;
  }
  for (const auto& l : places::locality_refs(tx))
    if (l.code == found.place->locality_code) s.filter.locality_id = l.id;
  s.postcode = found.postcode;
  s.filter.near_ward_code = found.place->ward_code;
  s.filter.near_lat = found.place->lat;
  s.filter.near_lon = found.place->lon;
  s.near = std::move(found.place);
}

std::string ward_name(const std::vector<places::WardRef>& wards, const std::string& code) {
  for (const auto& w : wards)
    if (w.code == code) return w.name;
  return code;
}

std::vector<web::FormView::Choice> with_any(const char* any, std::vector<web::FormView::Choice> rest) {
  rest.insert(rest.begin(), {"", any, ""});
  return rest;
}

}  // namespace

SearchRequest parse_search_request(store::Tx& tx, const web::Request& req, int per_page) {
  SearchRequest s;
  for (const auto& l : places::locality_refs(tx)) {
    auto mine = places::ward_refs(tx, l.id);
    s.wards.insert(s.wards.end(), mine.begin(), mine.end());
  }
  s.filter.page = web::page_number(req, 10000);
  s.filter.per_page = per_page;
  s.filter.text = req.query.get_or("q", "");
  if (s.filter.text.size() > kMaxQueryChars) {
    s.errors.push_back(
        {"q", "Search words must be " + std::to_string(kMaxQueryChars) + " characters or fewer"});
    s.filter.text.clear();
  }
  if (auto kind = given(req, "kind")) {
    if (find_search_kind(*kind))
      s.filter.kind = kind;
    else
      s.errors.push_back({"kind", "Select what to search from the list"});
  }
  if (auto status = given(req, "status")) {
    if (is_slug(*status))
      s.filter.status = status;
    else
      s.errors.push_back({"status", "Select a status from the list"});
  }
  if (auto topic = given(req, "topic")) {
    if (topic_label(*topic))
      s.filter.topic = topic;
    else
      s.errors.push_back({"topic", "Select a topic from the list"});
  }
  if (auto ward = given(req, "ward")) {
    if (std::any_of(s.wards.begin(), s.wards.end(), [&](const auto& w) { return w.code == *ward; }))
      s.filter.ward_code = ward;
    else
      s.errors.push_back({"ward", "Select a ward from the list"});
  }
  if (auto sort = given(req, "sort")) {
    if (*sort == "best" || *sort == "newest" || *sort == "closing")
      s.filter.sort = *sort;
    else
      s.errors.push_back({"sort", "Select how to sort from the list"});
  }
  if (auto postcode = given(req, "postcode")) resolve_postcode(tx, *postcode, s);
  return s;
}

std::string search_query_string(const web::Request& req, int page) {
  return web::query_string(req, {"q", "postcode", "kind", "status", "topic", "ward", "sort"}, page);
}

json hit_json(const SearchHit& hit, const std::vector<places::WardRef>& wards) {
  const auto& d = hit.doc;
  const auto* kind = find_search_kind(d.kind);
  json ward_names = json::array();
  for (const auto& code : d.ward_codes) ward_names.push_back(ward_name(wards, code));
  json topics = json::array();
  for (const auto& t : d.topics) topics.push_back({{"slug", t}, {"label", std::string(*topic_label(t))}});
  json out{
      {"kind", d.kind},
      {"kind_label", kind ? std::string(kind->label) : d.kind},
      {"ref", d.ref},
      {"title", d.title},
      {"summary", d.summary},
      {"url", d.url},
      {"status", d.status},
      {"status_label", d.status_label},
      {"wards", ward_names},
      {"wards_text", ward_names.empty() ? json(false) : json(fmt::format("{}", fmt::join(ward_names, ", ")))},
      {"topics", topics},
      {"published_at", civil::iso_time(d.published_at)},
      {"closes_at", d.closes_at ? json(civil::iso_time(*d.closes_at)) : json(nullptr)},
      {"closes_text", d.closes_at ? json(civil::closes_text(*d.closes_at)) : json(false)},
      {"distance_m", hit.distance_m ? json(std::lround(*hit.distance_m)) : json(nullptr)},
      {"distance_text", hit.distance_m ? json(describe_distance(*hit.distance_m)) : json(false)}};
  return out;
}

json search_form(store::Tx& tx, const SearchRequest& s, const web::Request& req) {
  web::FormView form(req.query, s.errors);
  std::vector<web::FormView::Choice> kinds, statuses, topics, wards;
  for (const auto& k : search_kinds()) kinds.push_back({std::string(k.slug), std::string(k.plural), ""});
  for (const auto& st : indexed_statuses(tx, s.filter.kind)) statuses.push_back({st.slug, st.label, ""});
  for (const auto& t : kTopics) topics.push_back({std::string(t.slug), std::string(t.label), ""});
  for (const auto& w : s.wards) wards.push_back({w.code, w.name, ""});
  return {{"errors", form.summary()},
          {"fields",
           {{"q", form.field("q", "Words to search for", "", {.type = "search"})},
            {"postcode", form.field("postcode", "Postcode", "",
                                    {.autocomplete = "postal-code",
                                     .hint = "To show what is in your ward and nearest first",
                                     .width = "10"})},
            {"kind", form.select("kind", "What to search", with_any("Everything", kinds))},
            {"status", form.select("status", "Status", with_any("Any status", statuses))},
            {"topic", form.select("topic", "Topic", with_any("Any topic", topics))},
            {"ward", form.select("ward", "Ward", with_any("Any ward", wards))},
            {"sort", form.select("sort", "Sort by",
                                 {{"best", "Best match, nearest first", ""},
                                  {"newest", "Newest first", ""},
                                  {"closing", "Closing soonest", ""}})}}}};
}

}  // namespace cw::search
