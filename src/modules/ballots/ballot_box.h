// The secret ballot box every secret vote shares (participatory budgets now, board elections next): a
// register of who has voted, and the ballots, with nothing that joins one to the other. A ballot has a
// random id, no voter and no time; a receipt code, shown once to the voter, proves it is in the box
// (its hash is published with the others, apart from the ballots) and lets its voter replace it until
// the close. Plain functions over the caller's write transaction: casting and the register's row
// commit together, so one ballot per person holds under any number of simultaneous submissions.
// What a ballot says (`content`) is the vote's own business: a list of project ids, a ranking.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "store/db.h"

namespace cw::ballots {

// Casts `voter_id`'s ballot into `box` and returns its receipt code ("7KQ2-M9XA-…"), which is kept
// nowhere: the caller shows it once. nullopt when the voter has voted in this box already (the
// register's primary key decides, so two submissions at once leave one ballot). Also draws new random
// ids for a few other ballots of the box, so the transaction that wrote the register's row and the
// place the new ballot lands in (PostgreSQL's xmin and ctid) point at several ballots, not one.
// Where the voter lives, as coarsely as the fairness report needs: their ward ("" not known), kept in
// the register, and their neighbourhood's deprivation decile (1-10, 0 not known), kept on the ballot.
struct VoterArea {
  std::string ward_code;
  int decile = 0;
};
std::optional<std::string> cast(store::Tx& tx, const std::string& box, std::int64_t voter_id,
                                const std::string& content, Micros now, const VoterArea& area = {});

// Replaces the ballot whose receipt code `receipt` the voter typed, keeping the code. The old row goes
// and a new one with a new id comes, and nothing about the voter is written, so the change cannot be
// joined to who made it. False when the code matches no ballot of the box.
// REQUIRES: the caller has checked that the person asking has voted in the box.
bool replace(store::Tx& tx, const std::string& box, std::string_view receipt, const std::string& content);

bool has_voted(store::Tx& tx, const std::string& box, std::int64_t voter_id);
// How many ballots are in the box: the turnout, which may be shown while the vote is open.
std::int64_t turnout(store::Tx& tx, const std::string& box);
// How many of them were cast by voters with a negative id: a vote's own stand-ins for people without
// an account, such as a budget's one-time voting codes.
std::int64_t turnout_of_stand_ins(store::Tx& tx, const std::string& box);
// What the ballots say, in the order of their random ids (no relation to when they were cast).
std::vector<std::string> contents(store::Tx& tx, const std::string& box);
// The hashes of every receipt code of the box, sorted: published apart from the ballots, so a voter can
// see their ballot is counted without anyone learning what it says from the code.
std::vector<std::string> receipt_hashes(store::Tx& tx, const std::string& box);

// Whether a ballot with this receipt code is in the box: how a voter checks theirs was counted.
bool holds_receipt(store::Tx& tx, const std::string& box, std::string_view receipt);
// What the ballot with this receipt code says, for its voter alone (who holds the code): how a
// participatory budget shows them where their share went.
std::optional<std::string> ballot_of_receipt(store::Tx& tx, const std::string& box, std::string_view receipt);

// Writes every ballot of the box again, in a random order under new random ids, in this transaction:
// after the close, nothing left in the database (row order, PostgreSQL's xmin) dates a ballot. A decile
// held by fewer than kSmallestDecileGroup ballots is cleared (to 0) on them: too few to hide among.
inline constexpr std::int64_t kSmallestDecileGroup = 10;
void seal(store::Tx& tx, const std::string& box);

// The ballots with their deciles (0: not known, or cleared at the seal), in the order of their ids.
struct TaggedBallot {
  std::string content;
  int decile = 0;
};
std::vector<TaggedBallot> tagged_contents(store::Tx& tx, const std::string& box);
// How many have voted from each ward ("" for not known), by ward code.
std::vector<std::pair<std::string, std::int64_t>> turnout_by_ward(store::Tx& tx, const std::string& box);

// A new random code of `characters` characters from an alphabet without look-alikes, in groups of four
// ("7KQ2-M9XA-…"): a receipt code (16), or a one-time voting code to print (12).
std::string new_code(int characters);

// The hash a receipt code is published and looked up by; case, spaces and dashes do not matter, and
// the letters people confuse with digits (O, I, L) read as those digits.
std::string receipt_hash(std::string_view receipt);

// The boxes whose name starts with `prefix` that the voter has voted in, with when, for their activity
// page and download; and the removal of their register rows when the account is deleted (the ballots,
// which are anonymous, stay counted).
struct Voted {
  std::string box;
  Micros at = 0;
};
std::vector<Voted> boxes_voted_in(store::Tx& tx, std::int64_t voter_id, const std::string& prefix);
void forget_voter(store::Tx& tx, std::int64_t voter_id, const std::string& prefix);
// Empties a box, register and ballots, when its vote is deleted (a demo reloaded).
void remove_box(store::Tx& tx, const std::string& box);

}  // namespace cw::ballots
