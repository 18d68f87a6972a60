// The asset register's public pages: the list with filters and "near my postcode", the map, each asset's
// page, and the exports (GeoJSON, CSV, Atom). Read-only; each handler reads in one transaction.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "html/pagination.h"
#include "modules/assets/list_query.h"
#include "modules/assets/pages.h"
#include "modules/assets/routes.h"
#include "modules/assets/rules.h"
#include "modules/assets/view_models.h"
#include "modules/places/view_models.h"
#include "modules/places/ward_map.h"

namespace cw::assets {

namespace {

using nlohmann::json;
using web::Context;
using web::Request;
using web::Response;

struct ListData {
  ListQuery query;
  AssetList list;
};

ListData load_list(const Context& ctx, const Request& req, int per_page) {
  return store::in_read(ctx.db, [&](store::Tx& tx) {
    ListData d{parse_list_query(tx, req), {}};
    d.query.filter.per_page = per_page;
    d.query.filter.include_hidden = false;
    d.list = list_assets(tx, d.query.filter);
    if (d.query.near)
      for (auto& a : d.list.items)
        if (a.lat && a.lon)
          a.distance_m = distance_metres(d.query.near->lat, d.query.near->lon, *a.lat, *a.lon);
    return d;
  });
}

json pagination(const Request& req, std::int64_t total, int page, int per_page) {
  return html::pagination(total, page, per_page,
                          [&](int n) { return "/assets" + list_query_string(req, n); });
}

json near_banner(const ListQuery& q) {
  if (!q.near) return false;
  json ward = false;
  if (q.near->ward_code)
    ward = {{"name", q.near->ward_name.value_or(*q.near->ward_code)},
            {"href", places::ward_href(q.locality.code, *q.near->ward_code)},
            {"filter_href", "/assets?ward=" + *q.near->ward_code},
            {"map_filter_href", "/assets/map?ward=" + *q.near->ward_code}};
  return {{"postcode", q.postcode}, {"ward", ward}};
}

Response list_page(const Request& req, Context& ctx) {
  auto d = load_list(ctx, req, 20);
  const auto& q = d.query;
  json items = json::array();
  for (const auto& a : d.list.items) items.push_back(list_item(a));
  auto total = d.list.total;
  auto data = filter_form(q, req);
  data["items"] = std::move(items);
  data["total"] = total;
  data["total_text"] = total == 1 ? "1 asset" : std::to_string(total) + " assets";
  data["near"] = near_banner(q);
  data["pagination"] = pagination(req, total, q.filter.page, q.filter.per_page);
  data["map_href"] = "/assets/map" + list_query_string(req, 1);
  data["locality"] = {{"code", q.locality.code}, {"name", q.locality.name}};
  data["actions"] = register_actions(ctx, q.locality.id);
  return ctx.page("assets/list",
                  {.title = "Community assets in " + q.locality.name,
                   .breadcrumbs = {{"Home", "/"}},
                   .has_errors = !q.errors.empty(),
                   .nav_current = "/assets"},
                  std::move(data), q.errors.empty() ? 200 : 400);
}

Response map_page(const Request& req, Context& ctx) {
  auto d = load_list(ctx, req, 5000);
  auto shapes =
      store::in_read(ctx.db, [&](store::Tx& tx) { return places::ward_shapes(tx, d.query.locality.id); });
  std::vector<places::MapPoint> points;
  std::int64_t soft = 0;
  for (const auto& a : d.list.items) {
    if (a.lat && a.lon)
      points.push_back({a.id, a.name, a.kind, asset_href(a.id), *a.lat, *a.lon});
    else
      ++soft;
  }
  const auto& q = d.query;
  auto description = std::to_string(points.size()) +
                     " assets with a place on the map, over the ward boundaries of " + q.locality.name +
                     ". The list of assets has the same information in text.";
  auto data = filter_form(q, req);
  data["map"] = places::svg_map(shapes, points,
                                {.title = "Map of community assets in " + q.locality.name,
                                 .description = description,
                                 .highlight_ward = q.filter.ward_code.value_or("")});
  data["soft"] = soft > 0;
  data["tiles"] = false;
  if (!ctx.site.tile_url.empty()) {
    double w = 180, s = 90, e = -180, n = -90;
    for (const auto& shape : shapes)
      if (!q.filter.ward_code || shape.code == *q.filter.ward_code) {
        w = std::min(w, shape.min_lon), s = std::min(s, shape.min_lat);
        e = std::max(e, shape.max_lon), n = std::max(n, shape.max_lat);
      }
    auto geojson = fmt::format("/api/v1/assets?bbox={},{},{},{}", w, s, e, n);
    if (q.filter.kind && is_hard(*q.filter.kind)) geojson += "&kind=" + *q.filter.kind;
    if (q.filter.ward_code) geojson += "&ward=" + *q.filter.ward_code;
    data["geojson_href"] = geojson;
    data["boundaries_href"] = "/api/v1/localities/" + q.locality.code + "/boundaries";
    data["tiles"] = {{"url", ctx.site.tile_url},
                     {"attribution", ctx.site.tile_attribution},
                     {"bounds", fmt::format("{},{},{},{}", w, s, e, n)}};
  }
  data["list_href"] = "/assets" + list_query_string(req, 1);
  data["locality"] = {{"code", q.locality.code}, {"name", q.locality.name}};
  data["near"] = near_banner(q);
  return ctx.page("assets/map",
                  {.title = "Map of community assets in " + q.locality.name,
                   .breadcrumbs = {{"Home", "/"}, {"Community assets", "/assets"}},
                   .has_errors = !q.errors.empty(),
                   .nav_current = "/assets"},
                  std::move(data), q.errors.empty() ? 200 : 400);
}

Response asset_page(const Request& req, Context& ctx) {
  auto id = path_id(req);
  auto data = store::in_read(ctx.db, [&](store::Tx& tx) { return asset_page_data(tx, ctx, id); });
  auto title = data["asset"]["name"].get<std::string>();
  return ctx.page("assets/asset",
                  {.title = title,
                   .breadcrumbs = {{"Home", "/"}, {"Community assets", "/assets"}},
                   .nav_current = "/assets"},
                  std::move(data));
}

Response export_geojson(const Request& req, Context& ctx) {
  auto [locality, assets] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = request_locality(tx, req);
    return std::pair(l, all_assets(tx, l.id));
  });
  json features = json::array();
  for (const auto& a : assets) features.push_back(feature(a, ctx.site.base_url));
  json doc{{"type", "FeatureCollection"},
           {"name", "Community assets in " + locality.name},
           {"features", features}};
  auto res = Response::text(json_text(doc), "application/geo+json");
  res.set("Content-Disposition", "attachment; filename=\"assets-" + locality.code + ".geojson\"");
  return res;
}

Response export_csv(const Request& req, Context& ctx) {
  auto [locality, assets] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = request_locality(tx, req);
    return std::pair(l, all_assets(tx, l.id));
  });
  auto res = Response::text(assets_csv(assets, ctx.site.base_url), "text/csv; charset=utf-8");
  res.set("Content-Disposition", "attachment; filename=\"assets-" + locality.code + ".csv\"");
  return res;
}

Response changes_feed_page(const Request& req, Context& ctx) {
  auto [locality, changes] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = request_locality(tx, req);
    return std::pair(l, recent_changes(tx, l.id, 50));
  });
  auto data =
      changes_feed(changes, "Changes to the community asset register of " + locality.name, ctx.site.base_url,
                   "/assets/changes.atom?locality=" + locality.code, ctx.clock.now());
  return Response::text(ctx.views.render("assets/changes.atom", data), "application/atom+xml; charset=utf-8");
}

}  // namespace

void register_public_routes(web::Router& router) {
  router.get("/assets", list_page);
  router.get("/assets/map", map_page);
  router.get("/assets/{id}", asset_page);
  router.get("/assets/export.geojson", export_geojson);
  router.get("/assets/export.csv", export_csv);
  router.get("/assets/changes.atom", changes_feed_page);
}

}  // namespace cw::assets
