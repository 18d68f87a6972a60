// All SQL of the asset register: assets, the wards they serve, photos, the change log and residents'
// suggestions. Functions take the caller's transaction so a command composes them atomically. The one
// engine difference is the bounding-box query (SQLite R*Tree, PostgreSQL GiST over core points).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "store/db.h"

namespace cw::assets {

struct Asset {
  std::int64_t id = 0;
  std::int64_t locality_id = 0;
  std::string locality_code, locality_name;  // filled on reads
  std::string kind, category, name, summary, description, steward;
  std::int64_t organisation_id = 0;
  std::optional<double> lat, lon;
  std::optional<std::string> ward_code;
  std::string ward_name;  // of ward_code, filled on reads
  std::string address, postcode, contact, website, opening_hours, accessibility, source;
  std::optional<std::string> last_checked;
  std::string status = "published";
  std::optional<std::int64_t> created_by;
  Micros created_at = 0, updated_at = 0;
  std::vector<std::string> ward_codes;  // every ward it serves; filled by find_asset
  std::optional<double> distance_m;     // from the point a list was sorted by
};

struct AssetFilter {
  std::optional<std::int64_t> locality_id;
  std::optional<std::string> ward_code;  // assets serving this ward
  std::optional<std::string> kind;
  std::optional<std::string> category;
  std::string text;                          // words in the name, summary or steward
  std::optional<double> near_lat, near_lon;  // sort by distance from here (soft assets last)
  bool include_hidden = false;               // hidden ones too (officers); removed ones never
  int page = 1;
  int per_page = 20;
};

struct AssetList {
  std::vector<Asset> items;
  std::int64_t total = 0;
};

struct BBoxQuery {
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
  std::optional<std::string> kind;
  std::optional<std::string> ward_code;
  int limit = 5000;
};

// A published asset with a point, as the map and the GeoJSON API show it.
struct AssetPoint {
  std::int64_t id = 0;
  std::string kind, category, name, ward_code;
  double lat = 0, lon = 0;
};

struct Photo {
  std::int64_t id = 0;
  std::int64_t asset_id = 0;
  std::string content_type, alt_text, sha256;
  int width = 0, height = 0;
  std::string data_base64;  // filled only by find_photo
};

struct Change {
  std::int64_t id = 0;
  std::int64_t asset_id = 0;
  std::string asset_name, change, summary;
  Micros at = 0;
};

struct Suggestion {
  std::int64_t id = 0;
  std::int64_t locality_id = 0;
  std::optional<std::int64_t> asset_id;
  std::string asset_name;  // of asset_id, when it is a correction
  std::string fields_json, note, status, decision_note;
  std::optional<std::int64_t> user_id;
  std::string user_name;
  Micros created_at = 0;
};

// Reads.
AssetList list_assets(store::Tx& tx, const AssetFilter& filter);
// Every asset in the locality, published ones only, for the exports (ordered by id).
std::vector<Asset> all_assets(store::Tx& tx, std::int64_t locality_id);
std::optional<Asset> find_asset(store::Tx& tx, std::int64_t id);
std::vector<AssetPoint> assets_in_bbox(store::Tx& tx, const BBoxQuery& query);
// Published assets per ward code of a locality (each soft asset counted in every ward it serves).
std::vector<std::pair<std::string, std::int64_t>> count_by_ward(store::Tx& tx, std::int64_t locality_id);
std::vector<Photo> list_photos(store::Tx& tx, std::int64_t asset_id);
std::optional<Photo> find_photo(store::Tx& tx, std::int64_t asset_id, std::int64_t photo_id);
std::vector<Change> recent_changes(store::Tx& tx, std::optional<std::int64_t> locality_id, int limit);
std::vector<Suggestion> open_suggestions(store::Tx& tx, const std::vector<std::int64_t>& localities,
                                         bool all_localities);
std::optional<Suggestion> find_suggestion(store::Tx& tx, std::int64_t id);

// Writes. REQUIRES: a write transaction.
std::int64_t insert_asset(store::Tx& tx, const Asset& a);
void update_asset(store::Tx& tx, const Asset& a);  // every editable column, and updated_at
void set_asset_status(store::Tx& tx, std::int64_t id, const std::string& status, Micros now);
// Every published asset's id, in order: what the site search should hold.
std::vector<std::int64_t> published_asset_ids(store::Tx& tx);
void set_asset_steward(store::Tx& tx, std::int64_t id, const std::string& steward, Micros now);
void set_asset_wards(store::Tx& tx, std::int64_t asset_id, const std::vector<std::string>& ward_codes);
std::int64_t insert_photo(store::Tx& tx, const Photo& p, std::optional<std::int64_t> user_id, Micros now);
void delete_photo(store::Tx& tx, std::int64_t asset_id, std::int64_t photo_id);
void insert_change(store::Tx& tx, const Asset& a, const std::string& change, const std::string& summary,
                   std::optional<std::int64_t> user_id, Micros now);
std::int64_t insert_suggestion(store::Tx& tx, const Suggestion& s, Micros now);
void close_suggestion(store::Tx& tx, std::int64_t id, const std::string& status, const std::string& note,
                      std::int64_t decided_by, Micros now);

}  // namespace cw::assets
