// Plain data shared by the STV readers (BLT, PrefLib) and the STV counts (Scottish, Meek): the ballots of
// one election and the stage-by-stage record of a count, detailed enough to render an explanation page.
// Candidates are 0-based indices into StvElection::names everywhere.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cw::count {

// A ranking is a list of preference levels; a level holds more than one candidate only for equal
// rankings (`b=c` in droop's BLT extension), which only some rules accept.
struct StvBallot {
  int64_t weight = 1;  // how many voters cast exactly this ranking
  std::vector<std::vector<int>> ranking;
  bool operator==(const StvBallot&) const = default;
};

struct StvElection {
  std::string title;
  int seats = 0;
  std::vector<std::string> names;
  std::vector<int> withdrawn;          // candidates withdrawn before the count
  std::vector<int> tie_order;          // droop's [tie …]: preferred order when ties go to a fixed order
  std::vector<std::string> nicknames;  // droop's [nick …]; empty when the file has none
  std::vector<StvBallot> ballots;
  bool operator==(const StvElection&) const = default;

  int candidate_count() const { return static_cast<int>(names.size()); }
  int64_t total_weight() const;
  bool has_equal_rankings() const;
};

// A file that cannot be read; what() is exactly "file:line: reason".
class StvFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An election the chosen rule cannot count (for example equal rankings under the Scottish rules).
class StvCountError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class StvAction { first_preferences, surplus, exclusion, election, defeat };

struct StvStage {
  int number = 0;
  StvAction action = StvAction::first_preferences;
  std::vector<int> candidates;     // whose surplus/exclusion this stage is, or who Meek elected/defeated
  std::vector<int64_t> totals;     // every candidate's votes at the end of the stage, in units
  int64_t non_transferable = 0;    // units; for Meek, the votes no candidate keeps (excess)
  int64_t quota = 0;               // units
  std::vector<int> elected;        // candidates deemed elected at the end of this stage
  std::vector<std::string> notes;  // tie-breaks and other decisions worth explaining
};

struct StvResult {
  std::string method;  // "scottish" or "meek"
  int places = 0;      // decimal places of every unit value below
  int seats = 0;
  int64_t valid_ballots = 0;
  int64_t quota = 0;               // units; Meek's quota changes, this is its final value
  std::vector<int> elected;        // in order of election
  std::vector<int> elected_stage;  // stage number at which elected[i] was elected
  std::vector<StvStage> stages;
};

std::string to_string(StvAction action);

}  // namespace cw::count
