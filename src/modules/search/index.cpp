#include "modules/search/index.h"

#include <set>

#include "modules/search/topics.h"

namespace cw::search {

namespace {

// Cuts at a UTF-8 character boundary so a long body never leaves half a character behind.
std::string clip(const std::string& s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

constexpr std::size_t kMaxTitle = 300;
constexpr std::size_t kMaxSummary = 1000;
constexpr std::size_t kMaxBody = 50000;

}  // namespace

void index_document(store::Tx& tx, const SearchDocument& doc) {
  if (doc.kind.empty() || doc.ref.empty())
    throw std::invalid_argument("search document needs a kind and ref");
  bool has_point = doc.lat && doc.lon;
  auto id = tx.run(
                  "INSERT INTO search_documents (kind, ref, locality_id, title, summary, body, url, status, "
                  "status_label, lat, lon, published_at, closes_at) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
                  "ON CONFLICT (kind, ref) DO UPDATE SET locality_id = excluded.locality_id, "
                  "title = excluded.title, summary = excluded.summary, body = excluded.body, "
                  "url = excluded.url, status = excluded.status, status_label = excluded.status_label, "
                  "lat = excluded.lat, lon = excluded.lon, published_at = excluded.published_at, "
                  "closes_at = excluded.closes_at RETURNING id",
                  doc.kind, doc.ref, doc.locality_id, clip(doc.title, kMaxTitle),
                  clip(doc.summary, kMaxSummary), clip(doc.body, kMaxBody), doc.url, doc.status,
                  doc.status_label, has_point ? doc.lat : std::nullopt, has_point ? doc.lon : std::nullopt,
                  doc.published_at, doc.closes_at)
                .one()
                .integer("id");
  tx.run("DELETE FROM search_document_wards WHERE document_id = $1", id);
  tx.run("DELETE FROM search_document_topics WHERE document_id = $1", id);
  for (const auto& w : std::set<std::string>(doc.ward_codes.begin(), doc.ward_codes.end()))
    if (!w.empty())
      tx.run("INSERT INTO search_document_wards (document_id, ward_code) VALUES ($1, $2)", id, w);
  // Unknown slugs are dropped rather than refused: a typo in one module must not fail its command.
  for (const auto& t : std::set<std::string>(doc.topics.begin(), doc.topics.end()))
    if (topic_label(t))
      tx.run("INSERT INTO search_document_topics (document_id, topic) VALUES ($1, $2)", id, t);
}

void remove_document(store::Tx& tx, const std::string& kind, const std::string& ref) {
  tx.run("DELETE FROM search_documents WHERE kind = $1 AND ref = $2", kind, ref);
}

std::vector<std::string> indexed_refs(store::Tx& tx, const std::string& kind) {
  std::vector<std::string> out;
  for (const auto& r : tx.run("SELECT ref FROM search_documents WHERE kind = $1 ORDER BY ref", kind).rows)
    out.push_back(r.text(0));
  return out;
}

}  // namespace cw::search
