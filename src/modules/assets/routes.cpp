#include "modules/assets/routes.h"

#include <charconv>

namespace cw::assets {

using web::HttpError;

places::LocalityRef request_locality(store::Tx& tx, const web::Request& req) {
  auto all = places::locality_refs(tx);
  if (all.empty())
    throw HttpError(404, "not_found", "No area has been loaded yet, so there are no assets to show.");
  auto code = req.query.get("locality");
  if (!code || code->empty()) return all.front();
  for (auto& l : all)
    if (l.code == *code) return l;
  throw HttpError(404, "not_found", "There is no area with the code " + code->substr(0, 20) + ".",
                  "locality");
}

places::LocalityRef locality_by_id(store::Tx& tx, std::int64_t id) {
  for (auto& l : places::locality_refs(tx))
    if (l.id == id) return l;
  throw HttpError(404, "not_found", "That area is no longer served.");
}

Acting acting(const web::Context& ctx) {
  return {ctx.actor, ctx.remote_ip(), ctx.clock.now(), &ctx.views, ctx.site.base_url};
}

std::int64_t path_id(const web::Request& req, const char* name) {
  const auto& text = req.param(name);
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0)
    throw HttpError(404, "not_found", "There is no asset with that number.");
  return id;
}

Asset visible_asset(store::Tx& tx, const web::Context& ctx, std::int64_t id) {
  auto a = find_asset(tx, id);
  if (!a || a->status == "removed" || (a->status == "hidden" && !can_edit(ctx.actor, *a)))
    throw HttpError(404, "not_found", "There is no asset with that number: it may have been removed.");
  return *a;
}

}  // namespace cw::assets
