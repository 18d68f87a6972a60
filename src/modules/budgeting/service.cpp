#include "modules/budgeting/service.h"

#include <algorithm>

#include <fmt/format.h>

#include "modules/accounts/permissions.h"
#include "modules/accounts/store.h"
#include "modules/audit/audit.h"
#include "modules/ballots/ballot_box.h"
#include "modules/budgeting/fairness_report.h"
#include "modules/budgeting/service_checks.h"
#include "modules/budgeting/store.h"
#include "modules/budgeting/voting_codes.h"
#include "modules/places/lookup.h"
#include "modules/places/overview.h"
#include "modules/places/places.h"
#include "web/forms.h"

namespace cw::budgeting {

using web::FormInvalid;

[[noreturn]] void refuse(const std::string& message, int status) {
  throw FormInvalid("", message, status);
}

Process find_or_refuse(store::Tx& tx, std::int64_t id) {
  auto p = find_process(tx, id);
  if (!p) refuse("There is no budget with that number.", 404);
  return *p;
}

Process managed(store::Tx& tx, const Command& cmd, std::int64_t id) {
  auto p = find_or_refuse(tx, id);
  if (!can_manage(cmd.actor, p.locality_id)) refuse("You cannot change this budget.");
  return p;
}

void audit_it(store::Tx& tx, const Command& cmd, const std::string& action, const Process& p,
              const std::string& before, const std::string& after) {
  audit::record_change(tx, cmd.actor, cmd.ip, cmd.now,
                       {action, "budget", p.id, p.locality_id, before, after});
}

void replace_ballot(store::Tx& tx, const Process& p, const std::string& receipt, const BallotForm& typed) {
  std::vector<web::FieldError> errors;
  if (receipt.find_first_not_of(" -") == std::string::npos)
    errors.push_back({"receipt", "Enter the receipt code you were given when you voted"});
  try {
    auto ballot = check_ballot(p.rules, list_projects(tx, p.id), typed);
    if (errors.empty() && !ballots::replace(tx, box_of(p.id), receipt, ballot_text(ballot)))
      errors.push_back(
          {"receipt", "That receipt code does not match a ballot in this vote: check it and try again"});
  } catch (const FormInvalid& e) {
    errors.insert(errors.end(), e.errors.begin(), e.errors.end());
  }
  if (!errors.empty()) throw FormInvalid(std::move(errors));
}

namespace {

std::string rules_text(const Rules& r) {
  return std::string(rule_slug(r.rule)) + ", " + ballot_type_slug(r.ballot_type) + ", pot " +
         std::to_string(r.pot) + "p, " + std::to_string(r.min_projects) + "-" +
         std::to_string(r.max_projects) + " projects";
}

// The process, open for voting now, and the person allowed to vote in it.
Process open_for(store::Tx& tx, const Command& cmd, std::int64_t id) {
  auto p = find_or_refuse(tx, id);
  if (!cmd.actor) refuse("Sign in to vote.");
  if (phase(p, cmd.now) != Phase::voting) refuse("Voting is not open for this budget.", 409);
  return p;
}

// The voter's ward and decile, from their account's postcode, when it is in this process's locality.
ballots::VoterArea voter_area(store::Tx& tx, std::int64_t user_id, std::int64_t locality_id) {
  auto user = accounts::find_user(tx, user_id);
  auto postcode = user ? places::normalise_postcode(user->postcode) : std::nullopt;
  auto place = postcode ? places::find_postcode(tx, *postcode) : std::nullopt;
  auto locality = places::find_locality_ref(tx, locality_id);
  if (!place || !locality || place->locality_code != locality->code) return {};
  return {place->ward_code.value_or(""), place->imd_decile.value_or(0)};
}

void check_ward(store::Tx& tx, std::int64_t locality_id, const std::string& code) {
  if (code.empty()) return;
  auto wards = places::ward_refs(tx, locality_id);
  if (std::none_of(wards.begin(), wards.end(), [&](const auto& w) { return w.code == code; }))
    throw FormInvalid("ward", "Choose a ward from the list");
}

}  // namespace

bool can_manage(const Actor* actor, std::int64_t locality_id) {
  return accounts::can(actor, accounts::Action::respond_as_council, {.locality_id = locality_id});
}

std::optional<std::int64_t> sum_over_managed(store::Tx& tx, const Actor& actor,
                                             const std::function<std::int64_t(const Process&)>& count) {
  bool any = false;
  std::int64_t n = 0;
  for (const auto& l : places::locality_refs(tx)) {
    if (!can_manage(&actor, l.id)) continue;
    any = true;
    for (const auto& p : list_processes(tx, l.id)) n += count(p);
  }
  return any ? std::optional(n) : std::nullopt;
}

std::string box_of(std::int64_t process_id) {
  return "budgeting/" + std::to_string(process_id);
}

std::int64_t create_process(store::Db& db, const Command& cmd, std::int64_t locality_id,
                            const ProcessDraft& draft) {
  if (!can_manage(cmd.actor, locality_id)) refuse("You cannot run budgets in this area.");
  Process p;
  apply_draft(draft, p);
  p.locality_id = locality_id;
  p.created_by = cmd.actor->user_id;
  p.created_at = p.updated_at = cmd.now;
  return store::in_write(db, [&](store::Tx& tx) {
    p.id = insert_process(tx, p);
    audit_it(tx, cmd, "budget.create", p, "", p.title + ": " + rules_text(p.rules));
    return p.id;
  });
}

void edit_process(store::Db& db, const Command& cmd, std::int64_t id, const ProcessDraft& draft) {
  store::in_write(db, [&](store::Tx& tx) {
    auto p = managed(tx, cmd, id);
    auto before = p;
    apply_draft(draft, p);
    if (draft.amendment.size() > 4000) throw FormInvalid("amendment", "Say why in 4,000 characters or fewer");
    auto cast = ballots::turnout(tx, box_of(id));
    check_rules_unchanged(before.rules, p.rules, cast, draft.amendment);
    p.updated_at = cmd.now;
    update_process(tx, p);
    audit_it(tx, cmd, "budget.edit", p, rules_text(before.rules), rules_text(p.rules));
    auto changed = rule_changes(before.rules, p.rules);
    if (cast > 0 && !changed.empty()) {
      std::string words;
      for (const auto& c : changed) words += (words.empty() ? "" : "; ") + c;
      insert_amendment(tx, id, {words, draft.amendment, cmd.now}, cmd.actor->user_id);
      audit_it(tx, cmd, "budget.amend", p, "", words + ". Why: " + draft.amendment);
    }
  });
}

std::int64_t add_project(store::Db& db, const Command& cmd, std::int64_t id, const ProjectDraft& draft) {
  return store::in_write(db, [&](store::Tx& tx) {
    auto p = managed(tx, cmd, id);
    if (phase(p, cmd.now) >= Phase::voting || ballots::turnout(tx, box_of(id)) > 0)
      refuse("The shortlist is fixed once voting opens: ballots name the projects on it.", 409);
    auto project = project_from(draft, p.rules);
    check_ward(tx, p.locality_id, project.ward_code);
    project.process_id = id;
    project.id = insert_project(tx, project, cmd.now);
    audit_it(tx, cmd, "budget.project.add", p, "",
             project.title + " (" + std::to_string(project.cost) + "p)");
    return project.id;
  });
}

store::GroupCommit& ballot_commits() {
  static store::GroupCommit group;
  return group;
}

std::string vote(store::Db& db, const Command& cmd, std::int64_t id, const BallotForm& typed) {
  std::string out;
  ballot_commits().run(db, [&](store::Tx& tx) {
    auto p = open_for(tx, cmd, id);
    auto ballot = check_ballot(p.rules, list_projects(tx, id), typed);
    auto receipt = ballots::cast(tx, box_of(id), cmd.actor->user_id, ballot_text(ballot), cmd.now,
                                 voter_area(tx, cmd.actor->user_id, p.locality_id));
    if (!receipt)
      refuse("You have already voted in this budget. You can change your vote with your receipt code.", 409);
    out = *receipt;
  });
  return out;
}

void change_vote(store::Db& db, const Command& cmd, std::int64_t id, const std::string& receipt,
                 const BallotForm& typed) {
  store::in_write(db, [&](store::Tx& tx) {
    auto p = open_for(tx, cmd, id);
    if (!ballots::has_voted(tx, box_of(id), cmd.actor->user_id))
      refuse("You have not voted in this budget yet.");
    replace_ballot(tx, p, receipt, typed);
  });
}

namespace {

// Counts the sealed box, without the projects the organisers have excluded.
Results count_box(store::Tx& tx, const Process& p) {
  std::string locality;
  for (const auto& l : places::locality_refs(tx))
    if (l.id == p.locality_id) locality = l.name;
  std::vector<std::pair<std::string, int>> tagged;
  for (auto& b : ballots::tagged_contents(tx, box_of(p.id)))
    tagged.emplace_back(std::move(b.content), b.decile);
  std::vector<std::string> contents;
  contents.reserve(tagged.size());
  for (const auto& [content, decile] : tagged) contents.push_back(content);
  std::vector<std::int64_t> excluded;
  for (const auto& e : list_exclusions(tx, p.id)) excluded.push_back(e.project_id);
  auto r = count_results(p, locality, list_projects(tx, p.id), contents, excluded);
  count_deciles(r, tagged);
  return r;
}

}  // namespace

bool close_and_count(store::Db& db, std::int64_t id, Micros now) {
  return store::in_write(db, [&](store::Tx& tx) {
    auto p = find_process(tx, id);
    if (!p || phase(*p, now) < Phase::results) return false;
    // Marking it sealed locks its row on PostgreSQL, so a second server closing it at the same moment
    // waits here and then finds the count made.
    mark_sealed(tx, id);
    if (has_results(tx, id)) return false;
    forget_paper_entries(tx, id);
    ballots::seal(tx, box_of(id));
    insert_results(tx, id, count_box(tx, *p), now);
    return true;
  });
}

void exclude_project(store::Db& db, const Command& cmd, std::int64_t id, std::int64_t project_id,
                     const std::string& reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
    throw FormInvalid("reason", "Say why the project is excluded: the reason is published with the results");
  if (reason.size() > 2000) throw FormInvalid("reason", "Say why in 2,000 characters or fewer");
  store::in_write(db, [&](store::Tx& tx) {
    auto p = managed(tx, cmd, id);
    if (phase(p, cmd.now) != Phase::results || !has_results(tx, id))
      refuse("A project can be excluded only once the votes are counted, and before delivery starts.", 409);
    auto projects = list_projects(tx, id);
    auto project =
        std::find_if(projects.begin(), projects.end(), [&](auto& pr) { return pr.id == project_id; });
    if (project == projects.end()) throw FormInvalid("project", "Choose a project on the shortlist");
    auto excluded = list_exclusions(tx, id);
    for (const auto& e : excluded)
      if (e.project_id == project_id)
        throw FormInvalid("project", "That project is excluded already: choose another");
    // Every project excluded: nothing could be funded, which is no count at all.
    if (excluded.size() + 1 >= projects.size())
      throw FormInvalid("project", "At least two projects must stay in the count");
    insert_exclusion(tx, id, {project_id, reason, cmd.now}, cmd.actor->user_id);
    replace_results(tx, id, count_box(tx, p), cmd.now);
    audit_it(tx, cmd, "budget.exclude", p, "", project->title + ". Why: " + reason);
  });
}

std::size_t close_due(store::Db& db, Micros now) {
  std::size_t counted = 0;
  for (auto id : store::in_read(db, [&](store::Tx& tx) { return processes_to_count(tx, now); })) {
    // One process that cannot be counted must not hold up the others; its results page counts it again.
    try {
      if (close_and_count(db, id, now)) ++counted;
    } catch (const std::exception& e) {
      fmt::print(stderr, "budgeting.close: budget {}: {}\n", id, e.what());
    }
  }
  return counted;
}

void add_delivery_update(store::Db& db, const Command& cmd, std::int64_t id, std::int64_t project_id,
                         const DeliveryDraft& draft) {
  auto p = store::in_read(db, [&](store::Tx& tx) { return managed(tx, cmd, id); });
  if (phase(p, cmd.now) < Phase::results) refuse("Delivery starts once the results are published.", 409);
  if (!results(db, id, cmd.now).funded(project_id))
    refuse("Only funded projects are delivered, and this one was not funded.", 409);
  auto update = delivery_update_from(draft);
  update.project_id = project_id;
  update.created_by = cmd.actor->user_id;
  update.created_at = cmd.now;
  store::in_write(db, [&](store::Tx& tx) {
    managed(tx, cmd, id);  // checked again in the transaction that writes
    insert_delivery_update(tx, update);
    audit_it(tx, cmd, "budget.delivery.update", p, "",
             std::to_string(project_id) + ": " + delivery_status_slug(update.status) + " " +
                 std::to_string(update.progress) + "%");
  });
}

void record_step(store::Db& db, const Command& cmd, std::int64_t id, const std::string& step) {
  if (!cmd.actor) return;
  store::in_write(db, [&](store::Tx& tx) {
    auto p = find_process(tx, id);
    if (!p || phase(*p, cmd.now) != Phase::voting) return;
    insert_step(tx, id, cmd.actor->user_id, step,
                voter_area(tx, cmd.actor->user_id, p->locality_id).ward_code, cmd.now);
  });
}

fairness::Breakdown fairness_report(store::Db& db, std::int64_t id, Micros now) {
  auto r = results(db, id, now);
  return store::in_read(db, [&](store::Tx& tx) {
    auto p = find_or_refuse(tx, id);
    return fairness_breakdown({.areas = places::neighbourhood_refs(tx, p.locality_id),
                               .wards = places::ward_refs(tx, p.locality_id),
                               .projects = list_projects(tx, id),
                               .results = r,
                               .turnout_by_ward = ballots::turnout_by_ward(tx, box_of(id)),
                               .steps = steps_by_ward(tx, id)});
  });
}

Results results(store::Db& db, std::int64_t id, Micros now, bool with_pabulib) {
  auto p = store::in_read(db, [&](store::Tx& tx) { return find_or_refuse(tx, id); });
  if (phase(p, now) < Phase::results) refuse("Results are published when voting closes.", 409);
  auto find = [&] {
    return store::in_read(db, [&](store::Tx& tx) { return find_results(tx, id, with_pabulib); });
  };
  if (auto r = find()) return *r;
  close_and_count(db, id, now);
  return find().value();
}

}  // namespace cw::budgeting
