// Counting a Pabulib file from outside: a city's published .pb file, or one of our own, counted here
// with the rule its META declares (with its completion, threshold, tie-break, comparison step and
// exclusions) or with greedy or Equal Shares, and set beside the outcome the file itself publishes.
// Pure; safe from any thread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cw::budgeting {

struct ImportedProject {
  std::string id, name;
  std::string cost;   // as the file writes money ("12500", "1250.50")
  std::string score;  // votes, or points on a points ballot
  bool funded = false;
  std::optional<bool> funded_in_file;  // the file's `selected` column, when it has one
};

struct ImportedCount {
  std::string title;      // META description, else the file's name
  std::string rule_name;  // "Method of Equal Shares, add1 completion, with the comparison step"
  std::string budget, cost, left, vote_type;
  std::uint64_t voters = 0;
  std::vector<ImportedProject> projects;  // the funded ones first, in the order funded, then the rest
  std::vector<std::string> warnings;      // what the file got wrong harmlessly
  std::optional<bool> agrees_with_file;   // when the file has a `selected` column
};

// `rule` is "file" (the META rule), "greedy" or "equalshares/add1". Throws web::FormInvalid on "file"
// saying what is wrong with the file, with its line ("budget.pb:13: …"), or on "rule" when the file names
// no rule this program counts and none was chosen.
ImportedCount count_imported(std::string_view text, const std::string& file_name, const std::string& rule);

}  // namespace cw::budgeting
