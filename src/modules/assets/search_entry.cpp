#include "modules/assets/search_entry.h"

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

}  // namespace cw::assets
