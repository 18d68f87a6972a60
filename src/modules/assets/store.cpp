#include "modules/assets/store.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace cw::assets {

namespace {

constexpr const char* kAssetColumns =
    "a.id, a.locality_id, l.code, l.name, a.kind, a.category, a.name, a.summary, a.description, a.steward, "
    "a.organisation_id, a.lat, a.lon, a.ward_code, COALESCE(w.name, ''), a.address, a.postcode, a.contact, "
    "a.website, a.opening_hours, a.accessibility, a.source, a.last_checked, a.status, a.created_by, "
    "a.created_at, a.updated_at";

constexpr const char* kAssetFrom =
    " FROM assets a JOIN localities l ON l.id = a.locality_id "
    "LEFT JOIN wards w ON w.locality_id = a.locality_id AND w.code = a.ward_code";

std::optional<double> opt_real(const store::Row& r, std::size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional<double>(r.real(i));
}

Asset asset_from(const store::Row& r) {
  Asset a;
  a.id = r.integer(std::size_t{0});
  a.locality_id = r.integer(1);
  a.locality_code = r.text(2);
  a.locality_name = r.text(3);
  a.kind = r.text(4);
  a.category = r.text(5);
  a.name = r.text(6);
  a.summary = r.text(7);
  a.description = r.text(8);
  a.steward = r.text(9);
  a.organisation_id = r.integer(10);
  a.lat = opt_real(r, 11);
  a.lon = opt_real(r, 12);
  a.ward_code = r.opt_text(13);
  a.ward_name = r.text(14);
  a.address = r.text(15);
  a.postcode = r.text(16);
  a.contact = r.text(17);
  a.website = r.text(18);
  a.opening_hours = r.text(19);
  a.accessibility = r.text(20);
  a.source = r.text(21);
  a.last_checked = r.opt_text(22);
  a.status = r.text(23);
  a.created_by = r.opt_integer(24);
  a.created_at = r.integer(25);
  a.updated_at = r.integer(26);
  return a;
}

std::string ascii_lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// A LIKE pattern matching `text` anywhere, with LIKE's own characters taken literally.
std::string contains_pattern(const std::string& text) {
  std::string p = "%";
  for (char c : ascii_lower(text)) {
    if (c == '%' || c == '_' || c == '\\') p += '\\';
    p += c;
  }
  return p + "%";
}

// The WHERE clause of a list query and its parameters, numbered from $1.
struct Where {
  std::string sql;
  std::vector<store::Value> params;
  std::string next(store::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  }
};

Where list_where(const AssetFilter& f) {
  Where w;
  w.sql = f.include_hidden ? " WHERE a.status <> 'removed'" : " WHERE a.status = 'published'";
  if (f.locality_id) w.sql += " AND a.locality_id = " + w.next(*f.locality_id);
  if (f.ward_code)
    w.sql += " AND a.id IN (SELECT asset_id FROM asset_wards WHERE ward_code = " + w.next(*f.ward_code) + ")";
  if (f.kind) w.sql += " AND a.kind = " + w.next(*f.kind);
  if (f.category) w.sql += " AND a.category = " + w.next(*f.category);
  if (!f.text.empty()) {
    auto p = w.next(contains_pattern(f.text));
    w.sql += fmt::format(
        " AND (lower(a.name) LIKE {0} ESCAPE '\\' OR lower(a.summary) LIKE {0} ESCAPE '\\' "
        "OR lower(a.steward) LIKE {0} ESCAPE '\\' OR lower(a.address) LIKE {0} ESCAPE '\\')",
        p);
  }
  return w;
}

}  // namespace

AssetList list_assets(store::Tx& tx, const AssetFilter& f) {
  Where w = list_where(f);
  AssetList out;
  out.total = tx.exec(std::string("SELECT COUNT(*) FROM assets a") + w.sql, w.params).one().integer(0);
  std::string order = " ORDER BY a.name, a.id";
  if (f.near_lat && f.near_lon) {
    // Sorting by the flat-earth distance gives the same order as the great-circle one at town scale,
    // and needs only arithmetic that both engines have.
    double cos_lat = std::cos(*f.near_lat * 3.14159265358979323846 / 180.0);
    auto lat = w.next(*f.near_lat), lon = w.next(*f.near_lon), k = w.next(cos_lat);
    order = fmt::format(
        " ORDER BY (a.lat IS NULL), (a.lat - {0}) * (a.lat - {0}) + ((a.lon - {1}) * {2}) * ((a.lon - {1}) * "
        "{2}), "
        "a.name, a.id",
        lat, lon, k);
  }
  int per_page = std::clamp(f.per_page, 1, 200);
  auto limit = w.next(std::int64_t{per_page});
  auto offset = w.next(std::int64_t{(std::max(f.page, 1) - 1) * std::int64_t{per_page}});
  auto sql = std::string("SELECT ") + kAssetColumns + kAssetFrom + w.sql + order + " LIMIT " + limit +
             " OFFSET " + offset;
  for (const auto& r : tx.exec(sql, w.params).rows) out.items.push_back(asset_from(r));
  return out;
}

std::vector<Asset> all_assets(store::Tx& tx, std::int64_t locality_id) {
  std::vector<Asset> out;
  auto sql = std::string("SELECT ") + kAssetColumns + kAssetFrom +
             " WHERE a.locality_id = $1 AND a.status = 'published' ORDER BY a.id";
  for (const auto& r : tx.run(sql, locality_id).rows) out.push_back(asset_from(r));
  auto wards = tx.run(
      "SELECT aw.asset_id, aw.ward_code FROM asset_wards aw JOIN assets a ON a.id = aw.asset_id "
      "WHERE a.locality_id = $1 AND a.status = 'published' ORDER BY aw.asset_id, aw.ward_code",
      locality_id);
  std::size_t at = 0;
  for (const auto& r : wards.rows) {
    auto id = r.integer(std::size_t{0});
    while (at < out.size() && out[at].id < id) ++at;
    if (at < out.size() && out[at].id == id) out[at].ward_codes.push_back(r.text(1));
  }
  return out;
}

std::optional<Asset> find_asset(store::Tx& tx, std::int64_t id) {
  auto res = tx.run(std::string("SELECT ") + kAssetColumns + kAssetFrom + " WHERE a.id = $1", id);
  if (res.empty()) return std::nullopt;
  Asset a = asset_from(res.rows[0]);
  for (const auto& r :
       tx.run("SELECT ward_code FROM asset_wards WHERE asset_id = $1 ORDER BY ward_code", id).rows)
    a.ward_codes.push_back(r.text(0));
  return a;
}

std::vector<AssetPoint> assets_in_bbox(store::Tx& tx, const BBoxQuery& q) {
  Where w;
  auto x0 = w.next(q.min_lon), y0 = w.next(q.min_lat), x1 = w.next(q.max_lon), y1 = w.next(q.max_lat);
  std::string sql = "SELECT a.id, a.kind, a.category, a.name, COALESCE(a.ward_code, ''), a.lat, a.lon ";
  if (tx.engine() == store::Engine::sqlite)
    sql += fmt::format(
        "FROM assets_rtree r JOIN assets a ON a.id = r.id WHERE r.min_lon <= {2} AND r.max_lon >= {0} "
        "AND r.min_lat <= {3} AND r.max_lat >= {1} AND a.lon BETWEEN {0} AND {2} AND a.lat BETWEEN {1} AND "
        "{3}",
        x0, y0, x1, y1);
  else
    sql += fmt::format(
        "FROM assets a WHERE a.lon IS NOT NULL AND point(a.lon, a.lat) <@ "
        "box(point({0}::float8, {1}::float8), point({2}::float8, {3}::float8))",
        x0, y0, x1, y1);
  sql += " AND a.status = 'published'";
  if (q.kind) sql += " AND a.kind = " + w.next(*q.kind);
  if (q.ward_code)
    sql += " AND a.id IN (SELECT asset_id FROM asset_wards WHERE ward_code = " + w.next(*q.ward_code) + ")";
  sql += " ORDER BY a.id LIMIT " + w.next(std::int64_t{q.limit});
  std::vector<AssetPoint> out;
  for (const auto& r : tx.exec(sql, w.params).rows)
    out.push_back(
        {r.integer(std::size_t{0}), r.text(1), r.text(2), r.text(3), r.text(4), r.real(5), r.real(6)});
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> count_by_ward(store::Tx& tx, std::int64_t locality_id) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  auto res = tx.run(
      "SELECT aw.ward_code, COUNT(*) FROM asset_wards aw JOIN assets a ON a.id = aw.asset_id "
      "WHERE a.locality_id = $1 AND a.status = 'published' GROUP BY aw.ward_code ORDER BY aw.ward_code",
      locality_id);
  for (const auto& r : res.rows) out.emplace_back(r.text(0), r.integer(1));
  return out;
}

std::vector<Photo> list_photos(store::Tx& tx, std::int64_t asset_id) {
  std::vector<Photo> out;
  auto res = tx.run(
      "SELECT id, asset_id, content_type, alt_text, sha256, width, height FROM asset_photos "
      "WHERE asset_id = $1 ORDER BY id",
      asset_id);
  for (const auto& r : res.rows)
    out.push_back({r.integer(std::size_t{0}),
                   r.integer(1),
                   r.text(2),
                   r.text(3),
                   r.text(4),
                   static_cast<int>(r.integer(5)),
                   static_cast<int>(r.integer(6)),
                   {}});
  return out;
}

std::optional<Photo> find_photo(store::Tx& tx, std::int64_t asset_id, std::int64_t photo_id) {
  auto res = tx.run(
      "SELECT id, asset_id, content_type, alt_text, sha256, width, height, data_base64 FROM asset_photos "
      "WHERE asset_id = $1 AND id = $2",
      asset_id, photo_id);
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows[0];
  return Photo{r.integer(std::size_t{0}),
               r.integer(1),
               r.text(2),
               r.text(3),
               r.text(4),
               static_cast<int>(r.integer(5)),
               static_cast<int>(r.integer(6)),
               r.text(7)};
}

std::vector<Change> recent_changes(store::Tx& tx, std::optional<std::int64_t> locality_id, int limit) {
  std::vector<Change> out;
  auto res = tx.run(
      "SELECT c.id, c.asset_id, COALESCE(a.name, ''), c.change, c.summary, c.at FROM asset_changes c "
      "LEFT JOIN assets a ON a.id = c.asset_id WHERE ($1 = 0 OR c.locality_id = $1) "
      "AND COALESCE(a.status, 'removed') <> 'hidden' ORDER BY c.id DESC LIMIT $2",
      locality_id.value_or(0), std::int64_t{limit});
  for (const auto& r : res.rows)
    out.push_back({r.integer(std::size_t{0}), r.integer(1), r.text(2), r.text(3), r.text(4), r.integer(5)});
  return out;
}

namespace {

constexpr const char* kSuggestionColumns =
    "s.id, s.locality_id, s.asset_id, COALESCE(a.name, ''), s.fields, s.note, s.status, s.decision_note, "
    "s.user_id, COALESCE(u.display_name, ''), s.created_at FROM asset_suggestions s "
    "LEFT JOIN assets a ON a.id = s.asset_id LEFT JOIN users u ON u.id = s.user_id";

Suggestion suggestion_from(const store::Row& r) {
  return {r.integer(std::size_t{0}),
          r.integer(1),
          r.opt_integer(2),
          r.text(3),
          r.text(4),
          r.text(5),
          r.text(6),
          r.text(7),
          r.opt_integer(8),
          r.text(9),
          r.integer(10)};
}

}  // namespace

std::vector<Suggestion> open_suggestions(store::Tx& tx, const std::vector<std::int64_t>& localities,
                                         bool all_localities) {
  std::vector<Suggestion> out;
  auto res = tx.run(std::string("SELECT ") + kSuggestionColumns + " WHERE s.status = 'open' ORDER BY s.id");
  for (const auto& r : res.rows) {
    auto s = suggestion_from(r);
    if (all_localities || std::find(localities.begin(), localities.end(), s.locality_id) != localities.end())
      out.push_back(std::move(s));
  }
  return out;
}

std::optional<Suggestion> find_suggestion(store::Tx& tx, std::int64_t id) {
  auto res = tx.run(std::string("SELECT ") + kSuggestionColumns + " WHERE s.id = $1", id);
  if (res.empty()) return std::nullopt;
  return suggestion_from(res.rows[0]);
}

std::int64_t insert_asset(store::Tx& tx, const Asset& a) {
  return tx
      .run(
          "INSERT INTO assets (locality_id, kind, category, name, summary, description, steward, "
          "organisation_id, lat, lon, ward_code, address, postcode, contact, website, opening_hours, "
          "accessibility, source, last_checked, status, created_by, created_at, updated_at) VALUES ($1, $2, "
          "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22) "
          "RETURNING id",
          a.locality_id, a.kind, a.category, a.name, a.summary, a.description, a.steward, a.organisation_id,
          a.lat, a.lon, a.ward_code, a.address, a.postcode, a.contact, a.website, a.opening_hours,
          a.accessibility, a.source, a.last_checked, a.status, a.created_by, a.created_at)
      .one()
      .integer(0);
}

void update_asset(store::Tx& tx, const Asset& a) {
  tx.run(
      "UPDATE assets SET kind = $2, category = $3, name = $4, summary = $5, description = $6, steward = $7, "
      "organisation_id = $8, lat = $9, lon = $10, ward_code = $11, address = $12, postcode = $13, "
      "contact = $14, website = $15, opening_hours = $16, accessibility = $17, source = $18, "
      "last_checked = $19, updated_at = $20 WHERE id = $1",
      a.id, a.kind, a.category, a.name, a.summary, a.description, a.steward, a.organisation_id, a.lat, a.lon,
      a.ward_code, a.address, a.postcode, a.contact, a.website, a.opening_hours, a.accessibility, a.source,
      a.last_checked, a.updated_at);
}

void set_asset_status(store::Tx& tx, std::int64_t id, const std::string& status, Micros now) {
  tx.run("UPDATE assets SET status = $2, updated_at = $3 WHERE id = $1", id, status, now);
}

void set_asset_steward(store::Tx& tx, std::int64_t id, const std::string& steward, Micros now) {
  tx.run("UPDATE assets SET steward = $2, updated_at = $3 WHERE id = $1", id, steward, now);
}

std::vector<std::int64_t> published_asset_ids(store::Tx& tx) {
  std::vector<std::int64_t> out;
  for (const auto& r : tx.run("SELECT id FROM assets WHERE status = 'published' ORDER BY id").rows)
    out.push_back(r.integer(std::size_t{0}));
  return out;
}

void set_asset_wards(store::Tx& tx, std::int64_t asset_id, const std::vector<std::string>& ward_codes) {
  tx.run("DELETE FROM asset_wards WHERE asset_id = $1", asset_id);
  for (const auto& code : ward_codes)
    tx.run("INSERT INTO asset_wards (asset_id, ward_code) VALUES ($1, $2) ON CONFLICT DO NOTHING", asset_id,
           code);
}

std::int64_t insert_photo(store::Tx& tx, const Photo& p, std::optional<std::int64_t> user_id, Micros now) {
  return tx
      .run(
          "INSERT INTO asset_photos (asset_id, content_type, width, height, alt_text, data_base64, sha256, "
          "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
          p.asset_id, p.content_type, p.width, p.height, p.alt_text, p.data_base64, p.sha256, user_id, now)
      .one()
      .integer(0);
}

void delete_photo(store::Tx& tx, std::int64_t asset_id, std::int64_t photo_id) {
  tx.run("DELETE FROM asset_photos WHERE asset_id = $1 AND id = $2", asset_id, photo_id);
}

void insert_change(store::Tx& tx, const Asset& a, const std::string& change, const std::string& summary,
                   std::optional<std::int64_t> user_id, Micros now) {
  tx.run(
      "INSERT INTO asset_changes (locality_id, asset_id, change, summary, user_id, at) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      a.locality_id, a.id, change, summary, user_id, now);
}

std::int64_t insert_suggestion(store::Tx& tx, const Suggestion& s, Micros now) {
  return tx
      .run(
          "INSERT INTO asset_suggestions (locality_id, asset_id, fields, note, user_id, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          s.locality_id, s.asset_id, s.fields_json, s.note, s.user_id, now)
      .one()
      .integer(0);
}

void close_suggestion(store::Tx& tx, std::int64_t id, const std::string& status, const std::string& note,
                      std::int64_t decided_by, Micros now) {
  tx.run(
      "UPDATE asset_suggestions SET status = $2, decision_note = $3, decided_by = $4, decided_at = $5 "
      "WHERE id = $1 AND status = 'open'",
      id, status, note, decided_by, now);
}

}  // namespace cw::assets
