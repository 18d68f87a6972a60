#include "modules/budgeting/voting_codes.h"

#include <fmt/format.h>

#include "modules/ballots/ballot_box.h"
#include "modules/budgeting/service_checks.h"
#include "modules/budgeting/store.h"
#include "web/forms.h"

namespace cw::budgeting {

namespace {

using web::FormInvalid;

constexpr const char* kUnknownCode =
    "That code is not one of this budget's voting codes: check it against the card";
constexpr const char* kCodeUsed =
    "This code has already been used to vote, online or on paper. Each code votes once.";

void check_voting_open(const Process& p, Micros now) {
  if (phase(p, now) != Phase::voting) refuse("Voting is not open for this budget.", 409);
}

// Where the entries for one code stand after an officer's own entry.
PaperEntry standing(const std::vector<PaperEntryRow>& entries, std::int64_t officer,
                    const std::string& content) {
  bool others = false;
  for (const auto& e : entries) {
    if (e.entered_by == officer) continue;
    others = true;
    if (e.content == content) return PaperEntry::counted;
  }
  return others ? PaperEntry::disagrees : PaperEntry::first;
}

}  // namespace

std::vector<std::string> issue_codes(store::Db& db, const Command& cmd, std::int64_t id,
                                     const std::string& how_many) {
  auto n = how_many.size() <= 5 && !how_many.empty() &&
                   how_many.find_first_not_of("0123456789") == std::string::npos
               ? std::stoi(how_many)
               : 0;
  if (n < 1 || n > kMostCodesAtOnce)
    throw FormInvalid("how_many", fmt::format("Enter how many codes to print, as a whole number from 1 to {}",
                                              kMostCodesAtOnce));
  return store::in_write(db, [&](store::Tx& tx) {
    auto p = managed(tx, cmd, id);
    if (phase(p, cmd.now) > Phase::voting) refuse("Voting has closed, so no more codes can be used.", 409);
    std::vector<std::string> codes;
    for (int i = 0; i < n; ++i) {
      codes.push_back(ballots::new_code(kCodeCharacters));
      insert_code(tx, id, ballots::receipt_hash(codes.back()), cmd.now);
    }
    audit_it(tx, cmd, "budget.codes.issue", p, "", std::to_string(n) + " voting codes");
    return codes;
  });
}

CodeCounts code_counts(store::Tx& tx, std::int64_t process_id) {
  auto [awaiting, disagreeing] = paper_entries_waiting(tx, process_id);
  return {.issued = count_codes(tx, process_id),
          .voted = ballots::turnout_of_stand_ins(tx, box_of(process_id)),
          .awaiting = awaiting,
          .disagreeing = disagreeing};
}

std::int64_t code_voter(store::Tx& tx, std::int64_t process_id, const std::string& code) {
  if (code.find_first_not_of(" -") == std::string::npos)
    throw FormInvalid("code", "Enter the voting code printed on the card");
  auto found = find_code(tx, process_id, ballots::receipt_hash(code.substr(0, 40)));
  if (!found) throw FormInvalid("code", kUnknownCode);
  return -*found;
}

std::string vote_with_code(store::Db& db, Micros now, std::int64_t id, const std::string& code,
                           const BallotForm& ballot) {
  std::string out;
  ballot_commits().run(db, [&](store::Tx& tx) {
    auto p = find_or_refuse(tx, id);
    check_voting_open(p, now);
    auto voter = code_voter(tx, id, code);
    auto content = ballot_text(check_ballot(p.rules, list_projects(tx, id), ballot));
    auto receipt = ballots::cast(tx, box_of(id), voter, content, now);
    if (!receipt) refuse(kCodeUsed, 409);
    out = *receipt;
  });
  return out;
}

void change_vote_with_code(store::Db& db, Micros now, std::int64_t id, const std::string& code,
                           const std::string& receipt, const BallotForm& ballot) {
  store::in_write(db, [&](store::Tx& tx) {
    auto p = find_or_refuse(tx, id);
    check_voting_open(p, now);
    auto voter = code_voter(tx, id, code);
    if (!ballots::has_voted(tx, box_of(id), voter)) refuse("This code has not voted yet.", 409);
    replace_ballot(tx, p, receipt, ballot);
  });
}

PaperEntry enter_paper_ballot(store::Db& db, const Command& cmd, std::int64_t id, const std::string& code,
                              const BallotForm& ballot) {
  return store::in_write(db, [&](store::Tx& tx) {
    auto p = managed(tx, cmd, id);
    check_voting_open(p, cmd.now);
    auto voter = code_voter(tx, id, code);
    if (ballots::has_voted(tx, box_of(id), voter)) refuse(kCodeUsed, 409);
    // The age declaration is on the paper, which the officer entering it has in front of them.
    auto declared = ballot;
    declared.age_declared = true;
    auto content = ballot_text(check_ballot(p.rules, list_projects(tx, id), declared));
    auto officer = cmd.actor->user_id;
    auto result = standing(paper_entries(tx, -voter), officer, content);
    if (result == PaperEntry::counted) {
      // Cast with no area: a paper ballot says nothing of where its voter lives.
      if (!ballots::cast(tx, box_of(id), voter, content, cmd.now)) refuse(kCodeUsed, 409);
      delete_paper_entries(tx, -voter);
      audit_it(tx, cmd, "budget.paper.count", p, "", "a paper ballot, entered twice alike");
    } else {
      put_paper_entry(tx, -voter, officer, content, cmd.now);
      audit_it(tx, cmd, "budget.paper.enter", p, "", "a paper ballot entry");
    }
    return result;
  });
}

void forget_paper_entries(store::Tx& tx, std::int64_t process_id) {
  delete_process_paper_entries(tx, process_id);
}

}  // namespace cw::budgeting
