// All SQL of the budgeting module: processes and their shortlisted projects. Plain functions over the
// caller's transaction; the service decides what may happen. Ballots are not here: they live in the
// shared secret ballot box (modules/ballots/ballot_box.h).
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "modules/budgeting/budget.h"
#include "store/db.h"

namespace cw::budgeting {

std::int64_t insert_process(store::Tx& tx, const Process& p);
// Details, rules and dates.
void update_process(store::Tx& tx, const Process& p);
std::optional<Process> find_process(store::Tx& tx, std::int64_t id);
// The locality's processes, the latest to open for voting first.
std::vector<Process> list_processes(store::Tx& tx, std::int64_t locality_id);
void mark_sealed(store::Tx& tx, std::int64_t id);

std::int64_t insert_project(store::Tx& tx, const Project& p, Micros now);
// In the order they were added, which is also the order of the Pabulib file (its tie-break order).
std::vector<Project> list_projects(store::Tx& tx, std::int64_t process_id);

}  // namespace cw::budgeting
