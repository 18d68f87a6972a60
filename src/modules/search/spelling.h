// "Did you mean": when a search finds nothing, each word that is not in the index is replaced by the
// indexed word closest to it (one slip for short words, two for long ones), so "libary opening" finds
// the library. Pure functions; the vocabulary comes from the index (store.h search_vocabulary).
#pragma once
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cw::search {

// The optimal string alignment distance (Levenshtein plus swapping two neighbours), giving up past
// `limit` (returns limit + 1).
int edit_distance(std::string_view a, std::string_view b, int limit);

// The words of a title or summary as the vocabulary keeps them: lower case, three letters or more.
void add_vocabulary_words(std::string_view text, std::set<std::string>& vocabulary);

// `text` with each unknown word replaced by its nearest vocabulary word, or nullopt when no word
// changes (nothing to suggest). Words of 3 to 7 letters may be one edit away, longer ones two; ties go
// to the first in alphabetical order.
std::optional<std::string> corrected_text(std::string_view text, const std::set<std::string>& vocabulary);

}  // namespace cw::search
