#include "modules/places/request_locality.h"

namespace cw::places {

LocalityRef request_locality(store::Tx& tx, const web::Request& req, const std::string& nothing_loaded) {
  auto all = locality_refs(tx);
  if (all.empty()) throw web::HttpError(404, "not_found", nothing_loaded);
  auto code = req.query.get("locality");
  if (!code || code->empty()) return all.front();
  for (auto& l : all)
    if (l.code == *code) return l;
  throw web::HttpError(404, "not_found", "There is no area with the code " + code->substr(0, 20) + ".",
                       "locality");
}

LocalityRef locality_by_id(store::Tx& tx, std::int64_t id) {
  if (auto l = find_locality_ref(tx, id)) return *l;
  throw web::HttpError(404, "not_found", "That area is no longer served.");
}

}  // namespace cw::places
