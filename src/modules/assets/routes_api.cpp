// The asset register as JSON: GeoJSON of the assets in a bounding box (the spatial index answers it)
// and one asset by number.
#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "modules/assets/routes.h"
#include "modules/assets/rules.h"
#include "modules/assets/view_models.h"

namespace cw::assets {

namespace {

using nlohmann::json;
using web::Context;
using web::HttpError;
using web::Request;
using web::Response;

constexpr int kMaxFeatures = 5000;

BBoxQuery bbox_query(const Request& req) {
  BBoxQuery q{-180, -90, 180, 90};
  if (auto text = req.query.get("bbox"); text && !text->empty()) {
    std::vector<double> v;
    std::size_t start = 0;
    while (v.size() < 5) {
      auto end = text->find(',', start);
      auto part = text->substr(start, end == std::string::npos ? std::string::npos : end - start);
      bool lon = v.size() % 2 == 0;
      auto d = parse_degrees(part, lon ? -180 : -90, lon ? 180 : 90);
      if (!d) break;
      v.push_back(*d);
      if (end == std::string::npos) break;
      start = end + 1;
    }
    if (v.size() != 4 || v[0] > v[2] || v[1] > v[3])
      throw HttpError(
          400, "invalid_bbox",
          "Give bbox as four numbers: min longitude, min latitude, max longitude, max latitude, for "
          "example bbox=-0.25,51.33,-0.12,51.40.",
          "bbox");
    q = {v[0], v[1], v[2], v[3]};
  }
  if (auto kind = req.query.get("kind"); kind && !kind->empty()) {
    if (!find_kind(*kind) || !find_kind(*kind)->hard)
      throw HttpError(
          400, "invalid_kind",
          "kind must be one of building, land, open_space or facility: only those have a place on the map.",
          "kind");
    q.kind = kind;
  }
  if (auto ward = req.query.get("ward"); ward && !ward->empty()) q.ward_code = ward->substr(0, 20);
  q.limit = kMaxFeatures + 1;
  return q;
}

Response api_assets(const Request& req, Context& ctx) {
  auto q = bbox_query(req);
  auto points = store::in_read(ctx.db, [&](store::Tx& tx) { return assets_in_bbox(tx, q); });
  bool truncated = points.size() > static_cast<std::size_t>(kMaxFeatures);
  if (truncated) points.resize(kMaxFeatures);
  json features = json::array();
  for (const auto& p : points) features.push_back(point_feature(p, ctx.site.base_url));
  json doc{{"type", "FeatureCollection"}, {"features", std::move(features)}, {"truncated", truncated}};
  return Response::text(json_text(doc), "application/geo+json");
}

Response api_asset(const Request& req, Context& ctx) {
  auto id = path_id(req);
  auto a = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto a = find_asset(tx, id);
    if (!a || a->status != "published")
      throw HttpError(404, "not_found", "There is no asset with that number.");
    return *a;
  });
  return Response::text(json_text(feature(a, ctx.site.base_url)), "application/geo+json");
}

}  // namespace

void register_api_routes(web::Router& router) {
  router.get(
      "/api/v1/assets", api_assets,
      {.api = true,
       .summary = "Assets with a place on the map, as GeoJSON, within ?bbox=minlon,minlat,maxlon,maxlat "
                  "(optional &kind= and &ward=); at most 5,000"});
  router.get("/api/v1/assets/{id}", api_asset, {.api = true, .summary = "One asset, as a GeoJSON Feature"});
}

}  // namespace cw::assets
