// The checks every budgeting command starts with, shared by the service's files (service.cpp,
// voting_codes.cpp): refusing with a message and status, the process or a 404, the process if the
// person may manage it, replacing a ballot by its receipt code, and the audit record of a change.
#pragma once
#include <cstdint>
#include <string>

#include "modules/budgeting/service.h"
#include "store/group_commit.h"

namespace cw::budgeting {

// Ballots are cast through one group commit, so a surge of voters shares durable commits (store/
// group_commit.h); a refused ballot fails alone. The commands write only ON CONFLICT-safe statements.
store::GroupCommit& ballot_commits();
[[noreturn]] void refuse(const std::string& message, int status = 403);
Process find_or_refuse(store::Tx& tx, std::int64_t id);
Process managed(store::Tx& tx, const Command& cmd, std::int64_t id);
// Replaces the ballot whose receipt code the voter typed with `typed`, checked against the rules;
// FormInvalid with every problem at once (the receipt, the ballot's fields). REQUIRES: the voter has
// voted in the process's box, and voting is open.
void replace_ballot(store::Tx& tx, const Process& p, const std::string& receipt, const BallotForm& typed);
void audit_it(store::Tx& tx, const Command& cmd, const std::string& action, const Process& p,
              const std::string& before, const std::string& after);

}  // namespace cw::budgeting
