// The budgeting commands: officers set up a process and its shortlist; residents vote in secret and
// may change their ballot with its receipt code until the close; after the close the ballots are
// sealed and counted. Each command is one write transaction with its permission check, so a refused
// one changes nothing. Refusals throw web::FormInvalid (422 bad input, 403 not allowed, 404 unknown,
// 409 not possible in the current phase).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/actor.h"
#include "modules/budgeting/budget.h"
#include "modules/budgeting/delivery.h"
#include "modules/budgeting/results.h"
#include "modules/command.h"
#include "modules/fairness/fairness.h"
#include "store/db.h"

namespace cw::budgeting {

using modules::Command;

// The council's officers in the locality run its budgets.
bool can_manage(const Actor* actor, std::int64_t locality_id);
// For an officer queue's count: the sum of `count` over every process in the localities where `actor`
// runs budgets; nullopt when they run budgets nowhere, so the queue is not theirs.
std::optional<std::int64_t> sum_over_managed(store::Tx& tx, const Actor& actor,
                                             const std::function<std::int64_t(const Process&)>& count);
// The process's box in the shared ballot box: "budgeting/<id>".
std::string box_of(std::int64_t process_id);

std::int64_t create_process(store::Db& db, const Command& cmd, std::int64_t locality_id,
                            const ProcessDraft& draft);
// Refuses (409) a change to the rules once anyone has voted, unless it is an amendment of the counting
// rules with its reason, which is then recorded and published (check_rules_unchanged).
void edit_process(store::Db& db, const Command& cmd, std::int64_t id, const ProcessDraft& draft);
// Adds a project to the shortlist; refused once voting has opened, since ballots name the shortlist.
std::int64_t add_project(store::Db& db, const Command& cmd, std::int64_t id, const ProjectDraft& draft);

// Casts the signed-in person's ballot, as they filled it in, and returns its receipt code, to be shown
// to them once. 403 without an account, 409 outside voting or when they have voted already, 422 for a
// ballot the rules refuse. Accounts are signed in only with a confirmed email address.
std::string vote(store::Db& db, const Command& cmd, std::int64_t id, const BallotForm& ballot);
// Replaces the person's ballot, found by the receipt code they hold (field "receipt" when it matches
// none). 403 unless they have voted; 409 outside voting.
void change_vote(store::Db& db, const Command& cmd, std::int64_t id, const std::string& receipt,
                 const BallotForm& ballot);

// The results of a closed process (409 before the close: nothing is counted, or shown, while voting is
// open), as counted at the close. The Pabulib file is read only when asked for. Should the close not
// have been counted yet (the job runs once a minute), this counts it.
Results results(store::Db& db, std::int64_t id, Micros now, bool with_pabulib = false);
// The close: seals the box (ballots::seal), counts it and keeps the count, in one transaction, once.
// False when voting is still open or the count was made already (by another server, say).
bool close_and_count(store::Db& db, std::int64_t id, Micros now);
// Takes a project out of the count after the close, say one that cannot be built beside another that
// won, and counts the sealed box again without it. The reason (field "reason") is published with the
// results, beside what the rules alone funded. Only while the results phase lasts (409 otherwise, or
// when the project is excluded already); "project" when it is not on the shortlist.
void exclude_project(store::Db& db, const Command& cmd, std::int64_t id, std::int64_t project_id,
                     const std::string& reason);
// Notes how far a signed-in person got with the ballot ("opened", "refused"), with their ward, for the
// drop-out figures of the fairness report. Its own small transaction.
void record_step(store::Db& db, const Command& cmd, std::int64_t id, const std::string& step);
// The fairness report of a closed process (409 before the close, like the results).
fairness::Breakdown fairness_report(store::Db& db, std::int64_t id, Micros now);

// An officer's update on a funded project's delivery (delivery.h). 409 before the results or for a
// project that was not funded; 422 with every problem in the update.
void add_delivery_update(store::Db& db, const Command& cmd, std::int64_t id, std::int64_t project_id,
                         const DeliveryDraft& draft);

// The job: closes and counts every process whose voting has ended. Returns how many it counted.
std::size_t close_due(store::Db& db, Micros now);

}  // namespace cw::budgeting
