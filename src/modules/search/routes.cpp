// The search's pages: /search (a GET form that works without JavaScript), its JSON twin under
// /api/v1/search and an Atom feed of the same results. Read-only; each handler reads in one transaction.
#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "html/pagination.h"
#include "modules/places/view_models.h"
#include "modules/search/module.h"
#include "modules/search/page.h"
#include "modules/search/query.h"
#include "modules/search/spelling.h"

namespace cw::search {

namespace {

using nlohmann::json;
using web::Context;
using web::Request;
using web::Response;

json pagination(const Request& req, std::int64_t total, int page, int per_page) {
  return html::pagination(total, page, per_page,
                          [&](int n) { return "/search" + search_query_string(req, n); });
}

json near_banner(const SearchRequest& s) {
  if (!s.near) return false;
  json ward = false;
  if (s.near->ward_code)
    ward = {{"name", s.near->ward_name.value_or(*s.near->ward_code)},
            {"href", places::ward_href(s.near->locality_code, *s.near->ward_code)}};
  return {{"postcode", s.postcode}, {"ward", ward}, {"locality", s.near->locality_name}};
}

Response search_page(const Request& req, Context& ctx) {
  json data;
  bool has_errors = false;
  store::in_read(ctx.db, [&](store::Tx& tx) {
    auto s = parse_search_request(tx, req, 20);
    auto results = run_search(tx, s.filter);
    json corrected = false;
    if (results.total == 0 && !s.filter.text.empty())
      if (auto fix = corrected_text(s.filter.text, search_vocabulary(tx, s.filter.locality_id))) {
        auto again = s.filter;
        again.text = *fix;
        if (auto second = run_search(tx, again); second.total > 0) {
          results = std::move(second);
          corrected = {{"from", s.filter.text}, {"to", *fix}};
        }
      }
    json items = json::array();
    for (const auto& h : results.hits) items.push_back(hit_json(h, s.wards));
    data = search_form(tx, s, req);
    data["corrected"] = std::move(corrected);
    // A page past the last one (an old link, a typed URL) says where the results are, not "nothing".
    json past_end = false;
    if (items.empty() && results.total > 0) {
      auto last = static_cast<int>((results.total + s.filter.per_page - 1) / s.filter.per_page);
      past_end = {{"href", "/search" + search_query_string(req, last)}, {"last", last}};
    }
    data["past_end"] = std::move(past_end);
    data["items"] = std::move(items);
    data["total"] = results.total;
    data["total_text"] = results.total == 1 ? "1 result" : std::to_string(results.total) + " results";
    data["near"] = near_banner(s);
    data["pagination"] = pagination(req, results.total, s.filter.page, s.filter.per_page);
    data["atom_href"] = "/search.atom" + search_query_string(req, 1);
    data["alerts_href"] =
        s.postcode.empty() ? "/alerts" : "/alerts?postcode=" + web::percent_encode(s.postcode);
    has_errors = !s.errors.empty();
  });
  return ctx.page(
      "search/search",
      {.title = "Search", .breadcrumbs = {{"Home", "/"}}, .has_errors = has_errors, .nav_current = "/search"},
      std::move(data), has_errors ? 400 : 200);
}

Response search_api(const Request& req, Context& ctx) {
  return store::in_read(ctx.db, [&](store::Tx& tx) {
    auto s = parse_search_request(tx, req, 50);
    if (!s.errors.empty())
      throw web::HttpError(400, "invalid_query", s.errors.front().message, s.errors.front().field);
    auto results = run_search(tx, s.filter);
    json items = json::array();
    for (const auto& h : results.hits) items.push_back(hit_json(h, s.wards));
    json near = nullptr;
    if (s.near)
      near = {{"postcode", s.postcode},
              {"ward_code", s.near->ward_code ? json(*s.near->ward_code) : json(nullptr)},
              {"lat", s.near->lat},
              {"lon", s.near->lon}};
    json out{{"total", results.total},
             {"page", s.filter.page},
             {"per_page", s.filter.per_page},
             {"near", near},
             {"results", std::move(items)}};
    return Response::json(json_text(out));
  });
}

Response search_feed(const Request& req, Context& ctx) {
  return store::in_read(ctx.db, [&](store::Tx& tx) {
    auto s = parse_search_request(tx, req, 50);
    if (!s.errors.empty())
      throw web::HttpError(400, "invalid_query", s.errors.front().message, s.errors.front().field);
    auto results = run_search(tx, s.filter);
    const auto& base = ctx.site.base_url;
    json entries = json::array();
    Micros updated = 0;
    for (const auto& h : results.hits) {
      updated = std::max(updated, h.doc.published_at);
      entries.push_back({{"id", base + h.doc.url},
                         {"title", h.doc.title},
                         {"link", base + h.doc.url},
                         {"updated", civil::iso_time(h.doc.published_at)},
                         {"summary", h.doc.summary}});
    }
    auto query = search_query_string(req, 1);
    auto title =
        s.filter.text.empty() ? std::string("Search results") : "Search results for " + s.filter.text;
    json data{{"title", title},
              {"id", base + "/search.atom" + query},
              {"self", base + "/search.atom" + query},
              {"alternate", base + "/search" + query},
              {"updated", civil::iso_time(updated ? updated : ctx.clock.now())},
              {"entries", std::move(entries)}};
    return Response::text(ctx.views.render("search/search.atom", data),
                          "application/atom+xml; charset=utf-8");
  });
}

}  // namespace

void register_search_routes(web::Router& router) {
  router.get("/search", search_page);
  router.get("/search.atom", search_feed);
  router.get(
      "/api/v1/search", search_api,
      {.api = true,
       .summary = "Search petitions, consultations and community assets: q, kind, status, topic, ward, "
                  "postcode, sort (best, newest, closing), page"});
}

}  // namespace cw::search
