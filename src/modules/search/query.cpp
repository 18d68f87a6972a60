#include "modules/search/query.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

namespace cw::search {

namespace {

// Words too common to narrow a search; PostgreSQL's English configuration drops them too, so both
// engines treat "the library" alike.
constexpr std::array<std::string_view, 24> kStopWords{
    "a",  "an", "and", "are", "as",   "at",  "be",   "by", "for", "from", "in",   "is",
    "it", "of", "on",  "or",  "that", "the", "this", "to", "was", "with", "near", "my"};

bool is_word_char(unsigned char c) {
  return std::isalnum(c) || c >= 0x80;
}

}  // namespace

std::vector<std::string> search_terms(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    bool searchable = std::any_of(word.begin(), word.end(), [](char c) { return is_word_char(c); });
    bool stop = std::find(kStopWords.begin(), kStopWords.end(), word) != kStopWords.end();
    if (searchable && !stop && std::find(out.begin(), out.end(), word) == out.end() && out.size() < 12)
      out.push_back(word);
    word.clear();
  };
  for (char ch : text.substr(0, kMaxQueryChars)) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isspace(c) || c < 0x20) {
      flush();
    } else {
      word += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
    }
  }
  flush();
  return out;
}

std::string fts5_query(const std::vector<std::string>& terms) {
  std::string out;
  for (const auto& t : terms) {
    if (!out.empty()) out += ' ';
    out += '"';
    for (char c : t) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

std::string tsquery_text(std::string_view text) {
  std::string out;
  for (char ch : text.substr(0, kMaxQueryChars)) out += static_cast<unsigned char>(ch) < 0x20 ? ' ' : ch;
  return out;
}

const std::vector<KindInfo>& search_kinds() {
  static const std::vector<KindInfo> kinds{{"petition", "Petition", "Petitions"},
                                           {"consultation", "Consultation", "Consultations"},
                                           {"asset", "Community asset", "Community assets"},
                                           {"budget", "Budget", "Budgets"},
                                           {"service", "Service", "Services"}};
  return kinds;
}

const KindInfo* find_search_kind(std::string_view slug) {
  for (const auto& k : search_kinds())
    if (k.slug == slug) return &k;
  return nullptr;
}

double distance_metres(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadius = 6371008.8, kRad = M_PI / 180;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(h)));
}

std::string describe_distance(double metres) {
  if (metres < 1000) return fmt::format("{} m", static_cast<int>(std::lround(metres / 10) * 10));
  if (metres < 10000) return fmt::format("{:.1f} km", metres / 1000);
  return fmt::format("{} km", static_cast<int>(std::lround(metres / 1000)));
}

}  // namespace cw::search
