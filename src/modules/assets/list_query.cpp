#include "modules/assets/list_query.h"

#include <charconv>

#include "modules/assets/routes.h"
#include "modules/assets/rules.h"
#include "modules/places/places.h"

namespace cw::assets {

namespace {

std::optional<std::string> given(const web::Request& req, const char* name) {
  auto v = req.query.get(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

int page_number(const web::Request& req) {
  auto text = req.query.get_or("page", "1");
  int page = 1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), page);
  if (ec != std::errc() || end != text.data() + text.size()) return 1;
  return std::clamp(page, 1, 100000);
}

void resolve_postcode(store::Tx& tx, const std::string& typed, ListQuery& q) {
  auto postcode = places::normalise_postcode(typed);
  if (!postcode) {
    q.errors.push_back({"postcode", "Enter a real postcode, for example SM1 1EA"});
    return;
  }
  auto place = places::find_postcode(tx, *postcode);
  if (!place || place->locality_code != q.locality.code) {
    q.errors.push_back({"postcode", *postcode + " is not in " + q.locality.name + ". Check the postcode"});
    return;
  }
  q.postcode = *postcode;
  q.filter.near_lat = place->lat;
  q.filter.near_lon = place->lon;
  q.near = std::move(place);
}

}  // namespace

ListQuery parse_list_query(store::Tx& tx, const web::Request& req) {
  ListQuery q;
  q.locality = request_locality(tx, req);
  q.wards = places::ward_refs(tx, q.locality.id);
  q.filter.locality_id = q.locality.id;
  q.filter.page = page_number(req);
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
  std::string out;
  for (const char* name : {"locality", "postcode", "q", "kind", "category", "ward"})
    if (auto v = given(req, name))
      out += (out.empty() ? "?" : "&") + std::string(name) + "=" + web::percent_encode(*v);
  if (page > 1) out += (out.empty() ? "?" : "&") + std::string("page=") + std::to_string(page);
  return out;
}

}  // namespace cw::assets
