// The site-wide search index. Every module that publishes things people look for (petitions,
// consultations, assets, later budgets and services) writes a SearchDocument in the same transaction as
// the change that makes it public, and removes it when it stops being public; the search module answers
// full-text queries over them (SQLite FTS5, PostgreSQL tsvector) with filters and "near my postcode",
// and the alerts digest reads what is new by ward and topic. Public header; runs in the caller's
// transaction, thread-safe.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "store/db.h"

namespace cw::search {

struct SearchDocument {
  std::string kind;  // "petition", "consultation", "asset"
  std::string ref;   // the item's id within its kind, e.g. "42"
  std::int64_t locality_id = 0;
  std::string title;
  std::string summary;                  // plain text, shown under the title in results (≤ ~300 characters)
  std::string body;                     // plain text, searched but not shown
  std::string url;                      // the item's page, e.g. "/petitions/42"
  std::string status;                   // the kind's own status slug ("open", "closed"), a filter
  std::string status_label;             // shown: "Open", "Closed"
  std::vector<std::string> ward_codes;  // the wards it concerns; empty means the whole locality
  std::vector<std::string> topics;      // slugs from modules/search/topics.h
  std::optional<double> lat, lon;       // a point, for "near my postcode"
  Micros published_at = 0;              // when it became public; alerts send what is newer
  std::optional<Micros> closes_at;      // shown in results and used for "closing soon"
};

// Adds the document, or replaces the one with the same (kind, ref). REQUIRES: a write transaction.
void index_document(store::Tx& tx, const SearchDocument& doc);
// Takes (kind, ref) off the index, if it is there (hidden, removed, rejected).
void remove_document(store::Tx& tx, const std::string& kind, const std::string& ref);

// The refs of every document of `kind`, so a module can reconcile the index with its own records.
std::vector<std::string> indexed_refs(store::Tx& tx, const std::string& kind);

// For alerts: the documents of `locality_id` of these kinds published in (after, until], oldest first; with a
// ward, those in that ward or about the whole locality; with topics, those having any of them.
std::vector<SearchDocument> documents_published_between(store::Tx& tx, std::int64_t locality_id,
                                                        const std::vector<std::string>& kinds,
                                                        const std::optional<std::string>& ward_code,
                                                        const std::vector<std::string>& topics, Micros after,
                                                        Micros until, int limit);

}  // namespace cw::search
