#include "modules/search/store.h"

#include <cmath>
#include <map>

#include "modules/search/query.h"
#include "modules/search/spelling.h"

namespace cw::search {

namespace {

constexpr const char* kColumns =
    "d.id, d.kind, d.ref, d.locality_id, d.title, d.summary, d.url, d.status, d.status_label, d.lat, d.lon, "
    "d.published_at, d.closes_at";

// A WHERE clause built with numbered parameters, so every value is bound and none is spliced in.
struct Sql {
  std::vector<store::Value> params;
  std::string where = " WHERE 1 = 1";
  std::string bind(store::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  }
  void add(const std::string& condition) { where += " AND " + condition; }
};

struct Loaded {
  std::int64_t id;
  SearchDocument doc;
};

Loaded document_from(const store::Row& r) {
  SearchDocument d{.kind = r.text(1),
                   .ref = r.text(2),
                   .locality_id = r.integer(3),
                   .title = r.text(4),
                   .summary = r.text(5),
                   .url = r.text(6),
                   .status = r.text(7),
                   .status_label = r.text(8),
                   .published_at = r.integer(11)};
  if (!r.is_null(9)) d.lat = r.real(9), d.lon = r.real(10);
  d.closes_at = r.opt_integer(12);
  return {r.integer(std::size_t{0}), std::move(d)};
}

// Fills each document's wards and topics with one query per side table.
void fill_side_tables(store::Tx& tx, std::vector<Loaded>& docs) {
  if (docs.empty()) return;
  std::map<std::int64_t, SearchDocument*> by_id;
  Sql ids;
  std::string in;
  for (auto& d : docs) {
    by_id[d.id] = &d.doc;
    in += (in.empty() ? "" : ", ") + ids.bind(d.id);
  }
  for (const auto& r :
       tx.exec("SELECT document_id, ward_code FROM search_document_wards WHERE document_id IN (" + in +
                   ") ORDER BY document_id, ward_code",
               ids.params)
           .rows)
    by_id[r.integer(std::size_t{0})]->ward_codes.push_back(r.text(1));
  for (const auto& r :
       tx.exec("SELECT document_id, topic FROM search_document_topics WHERE document_id IN (" + in +
                   ") ORDER BY document_id, topic",
               ids.params)
           .rows)
    by_id[r.integer(std::size_t{0})]->topics.push_back(r.text(1));
}

std::string in_ward(Sql& sql, const std::string& ward_code) {
  return "EXISTS (SELECT 1 FROM search_document_wards w WHERE w.document_id = d.id AND w.ward_code = " +
         sql.bind(ward_code) + ")";
}
const char* kWholeLocality = "NOT EXISTS (SELECT 1 FROM search_document_wards w WHERE w.document_id = d.id)";

// FROM and WHERE for the filter; `rank` gets the full-text ordering ("" without words).
std::string from_where(store::Tx& tx, const SearchFilter& f, Sql& sql, std::string& rank) {
  std::string from = " FROM search_documents d";
  auto terms = search_terms(f.text);
  if (!terms.empty()) {
    if (tx.engine() == store::Engine::sqlite) {
      from += " JOIN search_fts ON search_fts.rowid = d.id";
      sql.add("search_fts MATCH " + sql.bind(fts5_query(terms)));
      rank = "bm25(search_fts, 10.0, 4.0, 1.0)";
    } else {
      auto q = sql.bind(tsquery_text(f.text));
      sql.add("d.search_vector @@ websearch_to_tsquery('english', " + q + ")");
      rank = "ts_rank(d.search_vector, websearch_to_tsquery('english', " + q + ")) DESC";
    }
  }
  if (f.locality_id) sql.add("d.locality_id = " + sql.bind(*f.locality_id));
  if (f.kind) sql.add("d.kind = " + sql.bind(*f.kind));
  if (f.status) sql.add("d.status = " + sql.bind(*f.status));
  if (f.topic)
    sql.add("EXISTS (SELECT 1 FROM search_document_topics t WHERE t.document_id = d.id AND t.topic = " +
            sql.bind(*f.topic) + ")");
  if (f.ward_code) sql.add(in_ward(sql, *f.ward_code));
  return from + sql.where;
}

std::string order_by(const SearchFilter& f, Sql& sql, const std::string& rank) {
  std::vector<std::string> keys;
  if (f.sort == "closing") {
    keys.push_back("CASE WHEN d.closes_at IS NULL THEN 1 ELSE 0 END");
    keys.push_back("d.closes_at");
  }
  bool best = f.sort != "closing" && f.sort != "newest";
  if (best && f.near_ward_code)
    keys.push_back("CASE WHEN " + std::string(kWholeLocality) + " OR " + in_ward(sql, *f.near_ward_code) +
                   " THEN 0 ELSE 1 END");
  if (best && f.near_lat && f.near_lon) {
    // Equirectangular distance squared: enough to order by, and portable (no trigonometry in SQL).
    auto lat = sql.bind(*f.near_lat), lon = sql.bind(*f.near_lon);
    auto k = sql.bind(std::cos(*f.near_lat * M_PI / 180));
    auto dist = "(d.lat - " + lat + ") * (d.lat - " + lat + ") + ((d.lon - " + lon + ") * " + k +
                ") * ((d.lon - " + lon + ") * " + k + ")";
    keys.push_back("CASE WHEN d.lat IS NULL THEN 1 ELSE 0 END");
    keys.push_back("CASE WHEN d.lat IS NULL THEN 0 ELSE " + dist + " END");
  }
  if (best && !rank.empty()) keys.push_back(rank);
  keys.push_back("d.published_at DESC");
  keys.push_back("d.id DESC");
  std::string out = " ORDER BY ";
  for (std::size_t i = 0; i < keys.size(); ++i) out += (i ? ", " : "") + keys[i];
  return out;
}

}  // namespace

std::set<std::string> search_vocabulary(store::Tx& tx, std::optional<std::int64_t> locality_id) {
  std::set<std::string> out;
  auto rows = locality_id
                  ? tx.run("SELECT title, summary FROM search_documents WHERE locality_id = $1 LIMIT 20000",
                           *locality_id)
                  : tx.run("SELECT title, summary FROM search_documents LIMIT 20000");
  for (const auto& r : rows.rows) {
    add_vocabulary_words(r.text(0), out);
    add_vocabulary_words(r.text(1), out);
  }
  return out;
}

SearchResults run_search(store::Tx& tx, const SearchFilter& f) {
  Sql sql;
  std::string rank;
  auto body = from_where(tx, f, sql, rank);
  SearchResults out;
  out.total = tx.exec("SELECT count(*)" + body, sql.params).one().integer(0);
  if (out.total == 0) return out;
  auto order = order_by(f, sql, rank);
  auto limit = sql.bind(std::int64_t{f.per_page});
  auto offset = sql.bind(std::int64_t{(f.page - 1) * f.per_page});
  std::vector<Loaded> docs;
  for (const auto& r :
       tx.exec(std::string("SELECT ") + kColumns + body + order + " LIMIT " + limit + " OFFSET " + offset,
               sql.params)
           .rows)
    docs.push_back(document_from(r));
  fill_side_tables(tx, docs);
  for (auto& d : docs) {
    SearchHit hit{std::move(d.doc), std::nullopt};
    if (f.near_lat && f.near_lon && hit.doc.lat && hit.doc.lon)
      hit.distance_m = distance_metres(*f.near_lat, *f.near_lon, *hit.doc.lat, *hit.doc.lon);
    out.hits.push_back(std::move(hit));
  }
  return out;
}

std::vector<StatusChoice> indexed_statuses(store::Tx& tx, const std::optional<std::string>& kind) {
  Sql sql;
  if (kind) sql.add("kind = " + sql.bind(*kind));
  std::vector<StatusChoice> out;
  for (const auto& r : tx.exec("SELECT status, MIN(status_label) FROM search_documents" + sql.where +
                                   " AND status <> '' GROUP BY status ORDER BY status",
                               sql.params)
                           .rows)
    out.push_back({r.text(0), r.text(1)});
  return out;
}

std::vector<SearchDocument> documents_published_between(store::Tx& tx, std::int64_t locality_id,
                                                        const std::vector<std::string>& kinds,
                                                        const std::optional<std::string>& ward_code,
                                                        const std::vector<std::string>& topics, Micros after,
                                                        Micros until, int limit) {
  if (kinds.empty()) return {};
  Sql sql;
  sql.add("d.locality_id = " + sql.bind(locality_id));
  sql.add("d.published_at > " + sql.bind(after));
  sql.add("d.published_at <= " + sql.bind(until));
  std::string in;
  for (const auto& k : kinds) in += (in.empty() ? "" : ", ") + sql.bind(k);
  sql.add("d.kind IN (" + in + ")");
  if (ward_code) sql.add("(" + std::string(kWholeLocality) + " OR " + in_ward(sql, *ward_code) + ")");
  if (!topics.empty()) {
    std::string tin;
    for (const auto& t : topics) tin += (tin.empty() ? "" : ", ") + sql.bind(t);
    sql.add("EXISTS (SELECT 1 FROM search_document_topics t WHERE t.document_id = d.id AND t.topic IN (" +
            tin + "))");
  }
  auto lim = sql.bind(std::int64_t{limit});
  std::vector<Loaded> docs;
  for (const auto& r : tx.exec(std::string("SELECT ") + kColumns + " FROM search_documents d" + sql.where +
                                   " ORDER BY d.published_at, d.id LIMIT " + lim,
                               sql.params)
                           .rows)
    docs.push_back(document_from(r));
  fill_side_tables(tx, docs);
  std::vector<SearchDocument> out;
  for (auto& d : docs) out.push_back(std::move(d.doc));
  return out;
}

}  // namespace cw::search
