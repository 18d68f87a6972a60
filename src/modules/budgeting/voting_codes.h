// One-time voting codes and paper ballots. An officer prints codes for people who vote in person or on
// paper, or online without an account; a code votes once, online or on paper, whichever comes first, as
// the voter -<code id> in the secret ballot box's register. Paper ballots are typed in by two officers
// apart (double entry) and counted only when two officers' entries agree; the entries are then deleted.
// Each command is one write transaction; refusals throw web::FormInvalid like the rest of the service.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/budgeting/service.h"

namespace cw::budgeting {

inline constexpr int kMostCodesAtOnce = 2000;
inline constexpr int kCodeCharacters = 12;  // 60 random bits: "7KQ2-M9XA-4RTB"

// Makes `how_many` new codes (1 to kMostCodesAtOnce, field "how_many") and returns them, to be shown
// once and printed: only their fingerprints are kept. Officers only; until voting closes.
std::vector<std::string> issue_codes(store::Db& db, const Command& cmd, std::int64_t id,
                                     const std::string& how_many);

struct CodeCounts {
  std::int64_t issued = 0;
  std::int64_t voted = 0;        // online or on paper
  std::int64_t awaiting = 0;     // paper ballots entered once, waiting for a second officer
  std::int64_t disagreeing = 0;  // paper ballots whose entries disagree, to be entered again
};
CodeCounts code_counts(store::Tx& tx, std::int64_t process_id);

// The ballot box voter a typed code stands for: -<code id>. Throws web::FormInvalid on field "code" for
// a blank code or one that is not the process's.
std::int64_t code_voter(store::Tx& tx, std::int64_t process_id, const std::string& code);

// Casts the code holder's ballot online and returns its receipt code. Field "code" when the code is not
// known; 409 when it has voted already (online or on paper) or voting is not open; 422 for a bad ballot.
std::string vote_with_code(store::Db& db, Micros now, std::int64_t id, const std::string& code,
                           const BallotForm& ballot);
// Replaces a code holder's ballot, found by its receipt code (field "receipt").
void change_vote_with_code(store::Db& db, Micros now, std::int64_t id, const std::string& code,
                           const std::string& receipt, const BallotForm& ballot);

// What became of a paper ballot an officer typed in.
enum class PaperEntry {
  first,     // the first entry: another officer must enter it too
  counted,   // it agreed with another officer's entry and is in the ballot box
  disagrees  // it disagrees with every other officer's entry: someone must check the paper
};
// Officers only, while voting is open. Field "code" for an unknown code; 409 when the code has voted
// (online or on paper); the ballot's own errors as for a voter.
PaperEntry enter_paper_ballot(store::Db& db, const Command& cmd, std::int64_t id, const std::string& code,
                              const BallotForm& ballot);

// At the close: entries that never agreed are not counted, and go.
void forget_paper_entries(store::Tx& tx, std::int64_t process_id);

}  // namespace cw::budgeting
