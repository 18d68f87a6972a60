#include "modules/assets/search_entry.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "html/markdown.h"
#include "modules/assets/store.h"
#include "modules/assets/view_models.h"
#include "modules/search/index.h"

namespace cw::assets {

namespace {

// Search topics (modules/search/topics.h) for the categories that clearly belong to one.
std::vector<std::string> topics_of(const std::string& category) {
  static const std::map<std::string, std::string> kTopicOf{{"library", "culture"},
                                                           {"arts", "culture"},
                                                           {"sport", "culture"},
                                                           {"park", "parks"},
                                                           {"play", "parks"},
                                                           {"allotment", "parks"},
                                                           {"health", "health"},
                                                           {"older_people", "health"},
                                                           {"education", "education"},
                                                           {"youth", "education"},
                                                           {"environment", "environment"},
                                                           {"transport", "transport"},
                                                           {"volunteering", "community"},
                                                           {"community_centre", "community"},
                                                           {"food", "community"},
                                                           {"advice", "community"},
                                                           {"shop", "economy"},
                                                           {"pub", "economy"}};
  auto it = kTopicOf.find(category);
  if (it == kTopicOf.end()) return {};
  return {it->second};
}

}  // namespace

void sync_search_entry(store::Tx& tx, std::int64_t asset_id) {
  auto a = find_asset(tx, asset_id);
  if (!a || a->status != "published") {
    search::remove_document(tx, "asset", std::to_string(asset_id));
    return;
  }
  std::string body = html::markdown_to_text(a->description, 20000);
  for (const auto* extra : {&a->steward, &a->address, &a->postcode, &a->opening_hours})
    if (!extra->empty()) body += "\n" + *extra;
  search::SearchDocument doc{.kind = "asset",
                             .ref = std::to_string(a->id),
                             .locality_id = a->locality_id,
                             .title = a->name,
                             .summary = a->summary,
                             .body = body,
                             .url = asset_href(a->id),
                             .status = "published",
                             .status_label = "On the register",
                             .ward_codes = a->ward_codes,
                             .topics = topics_of(a->category),
                             .lat = a->lat,
                             .lon = a->lon,
                             .published_at = a->created_at};
  if (doc.ward_codes.empty() && a->ward_code) doc.ward_codes.push_back(*a->ward_code);
  search::index_document(tx, doc);
}

std::int64_t reconcile_search_entries(store::Db& db) {
  return store::in_write(db, [](store::Tx& tx) {
    std::vector<std::string> published;
    for (auto id : published_asset_ids(tx)) published.push_back(std::to_string(id));
    std::sort(published.begin(), published.end());
    auto indexed = search::indexed_refs(tx, "asset");
    std::sort(indexed.begin(), indexed.end());  // as bytes, like `published`, whatever the collation
    std::vector<std::string> missing, extra;
    std::set_difference(published.begin(), published.end(), indexed.begin(), indexed.end(),
                        std::back_inserter(missing));
    std::set_difference(indexed.begin(), indexed.end(), published.begin(), published.end(),
                        std::back_inserter(extra));
    for (const auto& ref : missing) sync_search_entry(tx, std::stoll(ref));
    for (const auto& ref : extra) search::remove_document(tx, "asset", ref);
    return static_cast<std::int64_t>(missing.size() + extra.size());
  });
}

modules::Job search_entries_job() {
  return {.name = "assets.search_entries",
          .every = std::chrono::minutes(10),
          .run = [](const modules::JobContext& job) { reconcile_search_entries(job.db); }};
}

}  // namespace cw::assets
