// The public transparency page: what the audit log is, and the chain head published each day, as a page,
// an Atom feed and JSON, so that anyone can keep copies outside this site's database.
#include <fmt/format.h>

#include "common/civil_date.h"
#include "common/json_text.h"
#include "modules/audit/module.h"
#include "modules/audit/store.h"
#include "web/context.h"
#include "web/router.h"

namespace cw::audit {

namespace {

using nlohmann::json;
using web::Context;
using web::Request;
using web::Response;

constexpr int kShown = 60;  // two months of days

std::vector<Anchor> anchors(const Context& ctx) {
  return store::in_read(ctx.db, [](store::Tx& tx) { return recent_anchors(tx, kShown); });
}

Response page(const Request&, Context& ctx) {
  json rows = json::array();
  for (const auto& a : anchors(ctx))
    rows.push_back({{"day", civil::long_date(std::string_view(a.day))}, {"seq", a.seq}, {"hash", a.hash}});
  return ctx.page(
      "audit/transparency",
      {.title = "Transparency: the audit log",
       .breadcrumbs = {{"Home", "/"}},
       .description = "Each day's fingerprint of the audit log of who changed what on this site, to "
                      "keep and check later."},
      {{"anchors", rows}, {"has_anchors", !rows.empty()}});
}

Response feed(const Request&, Context& ctx) {
  auto list = anchors(ctx);
  json entries = json::array();
  for (const auto& a : list)
    entries.push_back(
        {{"title", fmt::format("Audit log on {}: entry {}", a.day, a.seq)},
         {"id", ctx.site.base_url + "/transparency#" + a.day},
         {"link", ctx.site.base_url + "/transparency#" + a.day},
         {"updated", civil::iso_time(a.published_at)},
         {"summary", fmt::format("Entry {} of the audit log has the hash {}.", a.seq, a.hash)}});
  json data{{"title", "Audit log anchors"},
            {"id", ctx.site.base_url + "/transparency/anchors.atom"},
            {"self", ctx.site.base_url + "/transparency/anchors.atom"},
            {"alternate", ctx.site.base_url + "/transparency"},
            {"updated", civil::iso_time(list.empty() ? ctx.clock.now() : list.front().published_at)},
            {"entries", entries}};
  return Response::text(ctx.views.render("assets/changes.atom", data), "application/atom+xml; charset=utf-8");
}

Response api(const Request&, Context& ctx) {
  json out = json::array();
  for (const auto& a : anchors(ctx))
    out.push_back({{"day", a.day},
                   {"seq", a.seq},
                   {"hash", a.hash},
                   {"published_at", civil::iso_time(a.published_at)}});
  return Response::json(json_text(json{{"anchors", out}}));
}

}  // namespace

void register_routes(web::Router& router) {
  router.get("/transparency", page);
  router.get("/transparency/anchors.atom", feed);
  router.get("/api/v1/audit/anchors", api,
             {.api = true,
              .summary = "The audit log's chain head as published each day (newest 60), to keep and check"});
}

modules::Job anchor_job() {
  // Every ten minutes, so a server that was down at midnight still publishes the day soon after; the
  // day's row makes every later run that day a no-op.
  return {.name = "audit.anchor", .every = std::chrono::minutes(10), .run = [](const modules::JobContext& j) {
            store::in_write(j.db, [&](store::Tx& tx) { publish_anchor(tx, j.clock.now()); });
          }};
}

}  // namespace cw::audit
