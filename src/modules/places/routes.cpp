// HTTP handlers of the places module: pages under /places and JSON under /api/v1. Each one parses the
// path, reads through the store in one read transaction, and renders.
#include <charconv>

#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "html/fragment_cache.h"
#include "modules/accounts/permissions.h"
#include "modules/places/contact.h"
#include "modules/places/lookup.h"
#include "modules/places/places.h"
#include "modules/places/postcode_box.h"
#include "modules/places/store.h"
#include "modules/places/view_models.h"
#include "modules/places/ward_map.h"
#include "modules/places/ward_sections.h"
#include "web/context.h"
#include "web/router.h"

namespace cw::places {

namespace {

using web::Context;
using web::HttpError;
using web::Request;
using web::Response;

[[noreturn]] void no_locality(const std::string& code) {
  throw HttpError(404, "not_found", "There is no locality with the code " + code + ".");
}

[[noreturn]] void no_ward(const std::string& code) {
  throw HttpError(404, "not_found", "There is no ward with the code " + code + ".");
}

std::vector<LocalityWards> all_localities(store::Tx& tx) {
  std::vector<LocalityWards> out;
  for (auto& l : list_localities(tx)) {
    auto wards = list_wards(tx, l.id);
    out.push_back({std::move(l), std::move(wards)});
  }
  return out;
}

LocalityWards one_locality(store::Tx& tx, const std::string& code) {
  // A malformed code cannot exist, so it is answered without a query.
  if (!is_local_authority_code(code)) no_locality(code);
  auto l = find_locality(tx, code);
  if (!l) no_locality(code);
  auto wards = list_wards(tx, l->id);
  return {std::move(*l), std::move(wards)};
}

struct WardData {
  Ward ward;
  std::vector<LsoaRow> lsoas;
  std::vector<std::string> sections;  // other modules' parts of the ward page
  std::string map_html;               // the ward among its neighbours, with the postcode asked about
  std::string profile_html;           // its facts and deprivation, the same for everyone
  std::optional<Place> here;          // the ?postcode= the box sent, when it is in this ward
  LocalityContact contact;            // how residents reach the council
};

// Parts of the places pages that change only when an import replaces a locality's places: drawn once
// per version of the data and kept, for this site.
struct Rendered {
  html::FragmentCache ward_maps{512};
  html::FragmentCache ward_profiles{512};  // "About this ward" and its deprivation, per ward
  html::FragmentCache localities{4};
};

// Changes whenever an import replaces the locality's wards (their number or their boundaries' text).
std::int64_t wards_version(store::Tx& tx, std::int64_t locality_id) {
  const auto& r =
      tx.run("SELECT COUNT(*), COALESCE(SUM(LENGTH(geometry)), 0) FROM wards WHERE locality_id = $1",
             locality_id)
          .one();
  return r.integer(0) * 1'000'000'000 + r.integer(1);
}

// Changes whenever an import adds or replaces places anywhere.
std::int64_t places_version(store::Tx& tx) {
  const auto& r = tx.run(
                        "SELECT (SELECT COUNT(*) FROM localities), (SELECT COUNT(*) FROM wards), "
                        "(SELECT COUNT(*) FROM lsoas), (SELECT COUNT(*) FROM postcodes)")
                      .one();
  return ((r.integer(0) * 1000 + r.integer(1)) * 100'000 + r.integer(2)) * 10'000'000 + r.integer(3);
}

// The ward drawn among its neighbours (the map zooms to it), with "you are here" at the postcode.
nlohmann::json ward_map(store::Tx& tx, const Ward& ward, const std::optional<Place>& here) {
  std::vector<MapPoint> points;
  if (here) points.push_back({0, here->postcode + ": you are here", "here", "", here->lat, here->lon});
  return svg_map(ward_shapes(tx, ward.locality.id), points,
                 {.title = "Map of " + ward.row.name + " ward",
                  .description = ward.row.name + " ward, shaded, with the wards around it" +
                                 (here ? ", and " + here->postcode + " marked" : std::string()) + ".",
                  .highlight_ward = ward.row.code,
                  .point_radius = 9,
                  .id = "ward-map"});
}

WardData ward_data(store::Tx& tx, const std::optional<std::string>& locality_code, const std::string& code) {
  if (locality_code && !is_local_authority_code(*locality_code)) no_locality(*locality_code);
  if (!is_gss_code(code, "E05")) no_ward(code);
  auto ward = locality_code ? find_ward(tx, *locality_code, code) : find_ward_by_code(tx, code);
  if (!ward) {
    if (locality_code && !find_locality(tx, *locality_code)) no_locality(*locality_code);
    no_ward(code);
  }
  auto lsoas = ward_lsoas(tx, ward->locality.id, code);
  return {std::move(*ward), std::move(lsoas), {}};
}

Response index(const Request&, Context& ctx, Rendered& rendered) {
  auto data = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto html = rendered.localities.get("all", places_version(tx), [&] {
      auto page = places_page(all_localities(tx));
      return page["has_localities"].get<bool>() ? ctx.views.render("places/localities", page) : std::string();
    });
    return nlohmann::json{{"localities_html", *html}, {"has_localities", !html->empty()}};
  });
  data["box"] = postcode_box();
  return ctx.page("places/index", {.title = "Places", .breadcrumbs = {{"Home", "/"}}}, std::move(data));
}

Response ward(const Request& req, Context& ctx, Rendered& rendered) {
  auto d = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto d = ward_data(tx, req.param("locality"), req.param("code"));
    d.sections = render_ward_sections(tx, {.locality_id = d.ward.locality.id,
                                           .locality_code = d.ward.locality.code,
                                           .ward_code = d.ward.row.code,
                                           .ward_name = d.ward.row.name,
                                           .views = &ctx.views,
                                           .actor = ctx.actor});
    if (auto typed = req.query.get("postcode"); typed && typed->size() <= 20)
      if (auto normal = normalise_postcode(*typed))
        if (auto place = find_postcode(tx, *normal); place && place->ward_code == d.ward.row.code)
          d.here = std::move(place);
    auto version = wards_version(tx, d.ward.locality.id);
    auto key = d.ward.locality.code + "/" + d.ward.row.code;
    // Either version moving (new boundaries, or new LSOAs and postcodes) redraws the profile.
    auto profile_version = static_cast<std::int64_t>(static_cast<std::uint64_t>(version) * 1'000'003u +
                                                     static_cast<std::uint64_t>(places_version(tx)));
    d.profile_html = *rendered.ward_profiles.get(key, profile_version, [&] {
      return ctx.views.render("places/ward_profile", ward_page(d.ward, d.lsoas));
    });
    auto draw = [&] { return ctx.views.render("places/ward_map_svg", ward_map(tx, d.ward, d.here)); };
    // Only the map without a postcode marked is the same for everyone.
    d.map_html = d.here ? draw() : *rendered.ward_maps.get(key, version, draw);
    d.contact = find_contact(tx, d.ward.locality.id);
    return d;
  });
  auto title = d.ward.row.name + " ward, " + d.ward.locality.name;
  nlohmann::json data{{"ward", {{"name", d.ward.row.name}, {"code", d.ward.row.code}}},
                      {"locality", {{"name", d.ward.locality.name}, {"code", d.ward.locality.code}}},
                      {"profile_html", std::move(d.profile_html)}};
  auto& sections = data["sections"] = nlohmann::json::array();
  for (auto& html : d.sections) sections.push_back({{"html", std::move(html)}});
  data["map_html"] = std::move(d.map_html);
  data["here"] = d.here ? nlohmann::json(d.here->postcode) : nlohmann::json(false);
  data["contact"] = contact_view(d.contact, d.ward.locality.name);
  data["change_contact"] =
      accounts::can(ctx.actor, accounts::Action::configure_locality, {.locality_id = d.ward.locality.id})
          ? nlohmann::json("/places/" + d.ward.locality.code + "/contact")
          : nlohmann::json(false);
  return ctx.page("places/ward",
                  {.title = title,
                   .breadcrumbs = {{"Home", "/"}, {"Places", "/places"}},
                   .nav_current = "/places",
                   .description = "What is happening in " + title +
                                  ": open petitions, consultations, community assets and who to contact."},
                  std::move(data));
}

Response api_localities(const Request&, Context& ctx) {
  auto localities = store::in_read(ctx.db, [](store::Tx& tx) { return all_localities(tx); });
  return Response::json(json_text(localities_json(localities)));
}

Response api_locality_wards(const Request& req, Context& ctx) {
  auto l = store::in_read(ctx.db, [&](store::Tx& tx) { return one_locality(tx, req.param("code")); });
  return Response::json(json_text(locality_wards_json(l)));
}

// The locality's ward boundaries as a GeoJSON FeatureCollection, for interactive maps to draw under
// their points: the geometry generalised for display at import, each ward with its page.
Response api_locality_boundaries(const Request& req, Context& ctx) {
  auto code = req.param("code");
  if (!is_local_authority_code(code)) no_locality(code);
  auto shapes = store::in_read(ctx.db, [&](store::Tx& tx) -> std::optional<std::vector<WardShape>> {
    auto l = find_locality(tx, code);
    if (!l) return std::nullopt;
    return ward_shapes(tx, l->id);
  });
  if (!shapes) no_locality(code);
  nlohmann::json features = nlohmann::json::array();
  for (const auto& s : *shapes)
    features.push_back(
        {{"type", "Feature"},
         {"geometry", nlohmann::json::parse(s.geometry)},
         {"properties", {{"code", s.code}, {"name", s.name}, {"url", ward_href(code, s.code)}}}});
  return Response::text(json_text(nlohmann::json{{"type", "FeatureCollection"}, {"features", features}}),
                        "application/geo+json");
}

nlohmann::json or_null(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

// A postcode's or a point's place, as both lookups answer it.
nlohmann::json place_json(const Place& place) {
  nlohmann::json ward = nullptr, lsoa = nullptr;
  if (place.ward_code)
    ward = {{"code", *place.ward_code},
            {"name", or_null(place.ward_name)},
            {"links",
             {{"self", "/api/v1/wards/" + *place.ward_code},
              {"page", ward_href(place.locality_code, *place.ward_code)}}}};
  if (place.lsoa_code)
    lsoa = {{"code", *place.lsoa_code},
            {"name", or_null(place.lsoa_name)},
            {"imd_rank", place.imd_rank ? nlohmann::json(*place.imd_rank) : nlohmann::json(nullptr)},
            {"imd_decile", place.imd_decile ? nlohmann::json(*place.imd_decile) : nlohmann::json(nullptr)}};
  nlohmann::json doc{{"location", {{"lat", place.lat}, {"lon", place.lon}}},
                     {"locality", {{"code", place.locality_code}, {"name", place.locality_name}}},
                     {"ward", ward},
                     {"lsoa", lsoa}};
  if (!place.postcode.empty()) doc["postcode"] = place.postcode;
  return doc;
}

// A coordinate from the query: a plain decimal number within [low, high].
double coordinate(const Request& req, const char* name, double low, double high, const char* example) {
  auto text = req.query.get_or(name, "");
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < low || value > high)
    throw HttpError(400, "invalid_coordinate",
                    std::string("Give ") + name + " as a decimal number of degrees between " +
                        std::to_string(static_cast<int>(low)) + " and " +
                        std::to_string(static_cast<int>(high)) + ", for example " + example + ".",
                    name);
  return value;
}

Response api_point(const Request& req, Context& ctx) {
  double lon = coordinate(req, "lon", -180, 180, "lon=-0.1946");
  double lat = coordinate(req, "lat", -90, 90, "lat=51.3618");
  auto place = store::in_read(ctx.db, [&](store::Tx& tx) { return find_point(tx, lon, lat); });
  if (!place)
    throw HttpError(404, "point_not_served", "That point is not in any ward of an area this site serves.");
  return Response::json(json_text(place_json(*place)));
}

Response api_postcode(const Request& req, Context& ctx) {
  const auto& typed = req.param("postcode");
  auto postcode = normalise_postcode(typed);
  if (!postcode)
    throw HttpError(
        400, "invalid_postcode",
        "\"" + typed.substr(0, 20) + "\" is not a UK postcode. Check it and try again, for example SM1 1AA.",
        "postcode");
  auto place = store::in_read(ctx.db, [&](store::Tx& tx) { return find_postcode(tx, *postcode); });
  if (!place)
    throw HttpError(404, "postcode_not_served",
                    *postcode + " is not in any area this site serves, or it is not a postcode in use.",
                    "postcode");
  return Response::json(json_text(place_json(*place)));
}

Response api_ward(const Request& req, Context& ctx) {
  auto d =
      store::in_read(ctx.db, [&](store::Tx& tx) { return ward_data(tx, std::nullopt, req.param("code")); });
  return Response::json(json_text(ward_json(d.ward, d.lsoas)));
}

}  // namespace

void register_routes(web::Router& router) {
  auto rendered = std::make_shared<Rendered>();
  router.get("/places", [rendered](const Request& req, Context& ctx) { return index(req, ctx, *rendered); });
  router.get("/places/{locality}/wards/{code}",
             [rendered](const Request& req, Context& ctx) { return ward(req, ctx, *rendered); });
  router.get("/api/v1/localities", api_localities,
             {.api = true, .summary = "Localities (councils) served, with their number of wards"});
  router.get("/api/v1/localities/{code}/wards", api_locality_wards,
             {.api = true, .summary = "The wards of a locality, with postcode and LSOA counts"});
  router.get("/api/v1/localities/{code}/boundaries", api_locality_boundaries,
             {.api = true, .summary = "The ward boundaries of a locality, as GeoJSON, each with its page"});
  router.get("/api/v1/wards", api_point,
             {.api = true,
              .summary = "The ward (and LSOA, with its IMD 2019 decile) containing the point ?lon=&lat="});
  router.get(
      "/api/v1/postcodes/{postcode}", api_postcode,
      {.api = true,
       .summary = "Where a postcode is: its locality, ward, LSOA and IMD 2019 decile (any case or spacing)"});
  router.get(
      "/api/v1/wards/{code}", api_ward,
      {.api = true, .summary = "A ward: boundary, LSOAs with IMD 2019 rank and decile, deprivation profile"});
}

}  // namespace cw::places
