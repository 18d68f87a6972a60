#include "modules/search/spelling.h"

#include <algorithm>
#include <cctype>

#include "modules/search/query.h"

namespace cw::search {

int edit_distance(std::string_view a, std::string_view b, int limit) {
  auto n = a.size(), m = b.size();
  if (static_cast<int>(n > m ? n - m : m - n) > limit) return limit + 1;
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    int row_best = limit + 1;
    for (std::size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      row_best = std::min(row_best, d[i][j]);
    }
    if (row_best > limit) return limit + 1;
  }
  return std::min(d[n][m], limit + 1);
}

void add_vocabulary_words(std::string_view text, std::set<std::string>& vocabulary) {
  std::string word;
  auto flush = [&] {
    if (word.size() >= 3) vocabulary.insert(word);
    word.clear();
  };
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalpha(c))
      word += static_cast<char>(std::tolower(c));
    else
      flush();
  }
  flush();
}

std::optional<std::string> corrected_text(std::string_view text, const std::set<std::string>& vocabulary) {
  std::string out;
  bool changed = false;
  for (const auto& term : search_terms(text)) {
    std::string best = term;
    bool plain = std::all_of(term.begin(), term.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (plain && term.size() >= 3 && !vocabulary.contains(term)) {
      int limit = term.size() >= 8 ? 2 : 1;
      int best_distance = limit + 1;
      for (const auto& word : vocabulary) {
        int d = edit_distance(term, word, limit);
        if (d < best_distance) {
          best_distance = d;
          best = word;
        }
      }
      changed |= best != term;
    }
    if (!out.empty()) out += ' ';
    out += best;
  }
  if (!changed) return std::nullopt;
  return out;
}

}  // namespace cw::search
