#include "modules/assets/list_query.h"

#include "modules/assets/routes.h"
#include "modules/assets/rules.h"
#include "modules/places/places.h"
#include "web/query_params.h"

namespace cw::assets {

using web::given;

namespace {

void resolve_postcode(store::Tx& tx, const std::string& typed, ListQuery& q) {
  auto found = places::find_typed_postcode(tx, typed, q.locality.code, q.locality.name);
  if (!found.place) {
    q.errors.push_back({"postcode", found.problem});
    return;
  }
  q.postcode = found.postcode;
  q.filter.near_lat = found.place->lat;
  q.filter.near_lon = found.place->lon;
  q.near = std::move(found.place);
}

}  // namespace

ListQuery parse_list_query(store::Tx& tx, const web::Request& req) {
  ListQuery q;
  q.locality = request_locality(tx, req);
  q.wards = places::ward_refs(tx, q.locality.id);
  q.filter.locality_id = q.locality.id;
  q.filter.page = web::page_number(req, 100000);
  if (auto kind = given(req, "kind")) {
    if (find_kind(*kind))
      q.filter.kind = kind;
    else
      q.errors.push_back({"kind", "Select a kind of asset from the list"});
  }
  if (auto category = given(req, "category")) {
    if (find_category(*category))
      q.filter.category = category;
    else
      q.errors.push_back({"category", "Select a category from the list"});
  }
  if (auto ward = given(req, "ward")) {
    bool known = std::any_of(q.wards.begin(), q.wards.end(), [&](const auto& w) { return w.code == *ward; });
    if (known)
      q.filter.ward_code = ward;
    else
      q.errors.push_back({"ward", "Select a ward from the list"});
  }
  q.filter.text = req.query.get_or("q", "");
  if (q.filter.text.size() > 100) {
    q.errors.push_back({"q", "Search words must be 100 characters or fewer"});
    q.filter.text.clear();
  }
  if (auto postcode = given(req, "postcode")) resolve_postcode(tx, *postcode, q);
  return q;
}

std::string list_query_string(const web::Request& req, int page) {
  return web::query_string(req, {"locality", "postcode", "q", "kind", "category", "ward"}, page);
}

}  // namespace cw::assets
