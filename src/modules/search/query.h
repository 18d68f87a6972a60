// The pure parts of a site search: what a person's words become for each engine's full-text syntax
// (never their raw text as FTS5 syntax), the kinds of thing the index holds, and distances. No database;
// safe from any thread.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cw::search {

// The words of a search, lower-cased where ASCII, without punctuation-only tokens or common English
// stop words, at most 12. Empty when nothing searchable was typed (then no text filter applies).
std::vector<std::string> search_terms(std::string_view text);

// An FTS5 MATCH expression for the terms: each one a quoted string (inner quotes doubled), all required,
// so no operator, column filter or bracket typed by a person is read as FTS5 syntax. "" for no terms.
std::string fts5_query(const std::vector<std::string>& terms);

// PostgreSQL reads the person's text with websearch_to_tsquery('english', $n), which never fails on
// syntax; this is what is passed: the text cut to kMaxQueryChars and without control characters.
std::string tsquery_text(std::string_view text);

inline constexpr std::size_t kMaxQueryChars = 200;

struct KindInfo {
  std::string_view slug, label, plural;
};
// The kinds of thing in the index, in the order the filter lists them.
const std::vector<KindInfo>& search_kinds();
const KindInfo* find_search_kind(std::string_view slug);

// Great-circle distance in metres, and how far in words ("350 m", "1.2 km").
double distance_metres(double lat1, double lon1, double lat2, double lon2);
std::string describe_distance(double metres);

}  // namespace cw::search
