// All SQL of the budgeting module: processes and their shortlisted projects. Plain functions over the
// caller's transaction; the service decides what may happen. Ballots are not here: they live in the
// shared secret ballot box (modules/ballots/ballot_box.h).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "modules/budgeting/budget.h"
#include "modules/budgeting/delivery.h"
#include "modules/budgeting/results.h"
#include "store/db.h"

namespace cw::budgeting {

std::int64_t insert_process(store::Tx& tx, const Process& p);
// Details, rules and dates.
void update_process(store::Tx& tx, const Process& p);
std::optional<Process> find_process(store::Tx& tx, std::int64_t id);
// The locality's processes, the latest to open for voting first.
std::vector<Process> list_processes(store::Tx& tx, std::int64_t locality_id);
void mark_sealed(store::Tx& tx, std::int64_t id);
// With its projects and results (the ballot box is the caller's to empty: ballots::remove_box).
void delete_process(store::Tx& tx, std::int64_t id);
// Processes whose voting closed by `now` and whose count has not been made.
std::vector<std::int64_t> processes_to_count(store::Tx& tx, Micros now);

std::int64_t insert_project(store::Tx& tx, const Project& p, Micros now);
// In the order they were added, which is also the order of the Pabulib file (its tie-break order).
std::vector<Project> list_projects(store::Tx& tx, std::int64_t process_id);

// The count made at the close (results_store.cpp). Reading leaves the Pabulib file out unless asked:
// it holds every ballot, and only its download needs it.
void insert_results(store::Tx& tx, std::int64_t process_id, const Results& r, Micros now);
std::optional<Results> find_results(store::Tx& tx, std::int64_t process_id, bool with_pabulib = false);
bool has_results(store::Tx& tx, std::int64_t process_id);

// Delivery updates (delivery_store.cpp): a project's, newest first; and each project's latest in a process.
std::int64_t insert_delivery_update(store::Tx& tx, const DeliveryUpdate& u);
std::vector<DeliveryUpdate> delivery_updates(store::Tx& tx, std::int64_t project_id);
std::map<std::int64_t, DeliveryUpdate> latest_delivery_updates(store::Tx& tx, std::int64_t process_id);

// Amendments to the counting rules after people voted (codes_store.cpp), oldest first.
struct Amendment {
  std::string changed, reason;
  Micros made_at = 0;
};
void insert_amendment(store::Tx& tx, std::int64_t process_id, const Amendment& a,
                      std::optional<std::int64_t> by);
std::vector<Amendment> list_amendments(store::Tx& tx, std::int64_t process_id);

// Projects excluded from the count after the close, with their published reasons (codes_store.cpp),
// in the order excluded; and the results counted again without them.
struct Exclusion {
  std::int64_t project_id = 0;
  std::string reason;
  Micros made_at = 0;
};
void insert_exclusion(store::Tx& tx, std::int64_t process_id, const Exclusion& e,
                      std::optional<std::int64_t> by);
std::vector<Exclusion> list_exclusions(store::Tx& tx, std::int64_t process_id);
void replace_results(store::Tx& tx, std::int64_t process_id, const Results& r, Micros now);

// Voting codes and paper ballot entries (codes_store.cpp). Codes are found by their fingerprint.
std::int64_t insert_code(store::Tx& tx, std::int64_t process_id, const std::string& code_hash, Micros now);
std::optional<std::int64_t> find_code(store::Tx& tx, std::int64_t process_id, const std::string& code_hash);
std::int64_t count_codes(store::Tx& tx, std::int64_t process_id);
struct PaperEntryRow {
  std::int64_t entered_by = 0;
  std::string content;
};
std::vector<PaperEntryRow> paper_entries(store::Tx& tx, std::int64_t code_id);
// Replaces the officer's own entry for the code.
void put_paper_entry(store::Tx& tx, std::int64_t code_id, std::int64_t officer, const std::string& content,
                     Micros now);
void delete_paper_entries(store::Tx& tx, std::int64_t code_id);
void delete_process_paper_entries(store::Tx& tx, std::int64_t process_id);
// Codes with paper entries waiting: those entered once, and those whose entries disagree.
std::pair<std::int64_t, std::int64_t> paper_entries_waiting(store::Tx& tx, std::int64_t process_id);

// The steps of the ballot people reached ("opened", "refused"), once per person and step.
void insert_step(store::Tx& tx, std::int64_t process_id, std::int64_t user_id, const std::string& step,
                 const std::string& ward_code, Micros now);
struct StepCount {
  std::string ward_code, step;
  std::int64_t people = 0;
};
std::vector<StepCount> steps_by_ward(store::Tx& tx, std::int64_t process_id);
void forget_steps(store::Tx& tx, std::int64_t user_id);

}  // namespace cw::budgeting
