#include "modules/budgeting/ideas_service.h"

#include <algorithm>

#include "common/money.h"
#include "modules/audit/audit.h"
#include "modules/ballots/ballot_box.h"
#include "modules/budgeting/ideas_store.h"
#include "modules/budgeting/service.h"
#include "modules/budgeting/store.h"
#include "modules/places/lookup.h"
#include "modules/places/overview.h"
#include "web/forms.h"
#include "web/problems.h"

namespace cw::budgeting {

namespace {

using web::FormInvalid;

[[noreturn]] void refuse(const std::string& message, int status = 403) {
  throw FormInvalid("", message, status);
}

Process process_or_refuse(store::Tx& tx, std::int64_t id) {
  auto p = find_process(tx, id);
  if (!p) refuse("There is no budget with that number.", 404);
  return *p;
}

struct Found {
  Process process;
  Idea idea;
};

// The idea in the budget named, as the public sees it: hidden ideas are not there.
Found visible(store::Tx& tx, IdeaRef ref) {
  auto p = process_or_refuse(tx, ref.process_id);
  auto idea = find_idea(tx, ref.idea_id);
  if (!idea || idea->process_id != p.id || idea->hidden) refuse("There is no idea with that number.", 404);
  return {p, *idea};
}

Found managed(store::Tx& tx, const Command& cmd, IdeaRef ref) {
  auto found = visible(tx, ref);
  if (!can_manage(cmd.actor, found.process.locality_id)) refuse("You cannot assess ideas in this budget.");
  if (!assessment_open(phase(found.process, cmd.now)))
    refuse("Ideas can be assessed from when they open until voting opens.", 409);
  return found;
}

// A resident taking part in the discussion of a visible idea, in a phase that allows it.
Found discussed(store::Tx& tx, const Command& cmd, IdeaRef ref) {
  if (!cmd.actor) refuse("Sign in to support or comment on ideas.");
  auto found = visible(tx, ref);
  if (!discussion_open(phase(found.process, cmd.now)))
    refuse("Ideas can be supported and commented on only until costing ends.", 409);
  return found;
}

void audit_idea(store::Tx& tx, const Command& cmd, const std::string& action, const Found& f,
                const std::string& before, const std::string& after) {
  audit::record_change(tx, cmd.actor, cmd.ip, cmd.now,
                       {action, "budget_idea", f.idea.id, f.process.locality_id, before, after});
}

std::string assessment_text(Feasibility f, const std::string& reason, std::optional<std::int64_t> cost) {
  std::string out = feasibility_slug(f);
  if (!reason.empty()) out += ": " + reason;
  if (cost) out += " (" + std::to_string(*cost) + "p)";
  return out;
}

std::string locality_code(store::Tx& tx, std::int64_t locality_id) {
  for (const auto& l : places::locality_refs(tx))
    if (l.id == locality_id) return l.code;
  return {};
}

// The ward chosen must be the area's; a point must be in the area and names the ward when none was chosen.
void place_idea(store::Tx& tx, const Process& p, Idea& idea, web::Problems& problems) {
  if (!idea.ward_code.empty()) {
    auto wards = places::ward_refs(tx, p.locality_id);
    if (std::none_of(wards.begin(), wards.end(), [&](const auto& w) { return w.code == idea.ward_code; }))
      problems.add("ward", "Choose a ward from the list");
  }
  if (!idea.lat || !idea.lon) return;
  auto place = places::find_point(tx, *idea.lon, *idea.lat);
  if (!place || place->locality_code != locality_code(tx, p.locality_id))
    problems.add("lat", "That point is not in this area. Check the latitude and longitude");
  else if (idea.ward_code.empty() && place->ward_code)
    idea.ward_code = *place->ward_code;
}

}  // namespace

std::int64_t submit_idea(store::Db& db, const Command& cmd, std::int64_t process_id, const IdeaDraft& draft) {
  return store::in_write(db, [&](store::Tx& tx) {
    if (!cmd.actor) refuse("Sign in to put forward an idea.");
    auto p = process_or_refuse(tx, process_id);
    if (!ideas_open(phase(p, cmd.now))) refuse("This budget is not taking ideas now.", 409);
    web::Problems problems;
    auto idea = problems.take([&] { return idea_from(draft); });
    idea.ward_code = draft.ward_code;
    place_idea(tx, p, idea, problems);
    problems.refuse_if_any();
    idea.process_id = p.id;
    idea.author_id = cmd.actor->user_id;
    idea.created_at = idea.updated_at = cmd.now;
    return insert_idea(tx, idea);
  });
}

void set_support(store::Db& db, const Command& cmd, IdeaRef ref, bool support) {
  store::in_write(db, [&](store::Tx& tx) {
    auto f = discussed(tx, cmd, ref);
    if (!support) return remove_support(tx, f.idea.id, cmd.actor->user_id);
    if (f.idea.merged_into) refuse("This idea was merged into another: support that one instead.", 409);
    add_support(tx, f.idea.id, cmd.actor->user_id, cmd.now);
  });
}

std::int64_t add_comment(store::Db& db, const Command& cmd, IdeaRef ref, const std::string& text) {
  return store::in_write(db, [&](store::Tx& tx) {
    auto f = discussed(tx, cmd, ref);
    return insert_comment(tx, {.idea_id = f.idea.id,
                               .author_id = cmd.actor->user_id,
                               .body = comment_from(text),
                               .created_at = cmd.now});
  });
}

void assess_idea(store::Db& db, const Command& cmd, IdeaRef ref, const AssessmentDraft& draft) {
  store::in_write(db, [&](store::Tx& tx) {
    auto f = managed(tx, cmd, ref);
    if (f.idea.project_id)
      refuse("This idea is on the shortlist, so its assessment and cost are fixed.", 409);
    auto a = assessment_from(draft);
    save_assessment(tx, f.idea.id, a, cmd.now);
    audit_idea(tx, cmd, "budget.idea.assess", f,
               assessment_text(f.idea.feasibility, f.idea.feasibility_reason, f.idea.officer_cost),
               assessment_text(a.feasibility, a.reason, a.cost));
  });
}

void merge_idea_into(store::Db& db, const Command& cmd, IdeaRef ref, const std::string& into) {
  store::in_write(db, [&](store::Tx& tx) {
    auto f = managed(tx, cmd, ref);
    if (f.idea.project_id) refuse("This idea is on the shortlist, so it cannot be merged.", 409);
    std::optional<Idea> target;
    if (!into.empty() && into.find_first_not_of("0123456789") == std::string::npos && into.size() < 19)
      target = find_idea(tx, std::stoll(into));
    if (!target || target->process_id != f.process.id || target->hidden || target->id == f.idea.id ||
        target->merged_into)
      throw FormInvalid("into", "Choose another idea of this budget to merge it into");
    merge_idea(tx, f.idea.id, target->id, cmd.now);
    audit_idea(tx, cmd, "budget.idea.merge", f, f.idea.title,
               "merged into idea " + std::to_string(target->id));
  });
}

std::int64_t shortlist_idea(store::Db& db, const Command& cmd, IdeaRef ref) {
  return store::in_write(db, [&](store::Tx& tx) {
    auto f = managed(tx, cmd, ref);
    if (phase(f.process, cmd.now) >= Phase::voting || ballots::turnout(tx, box_of(f.process.id)) > 0)
      refuse("The shortlist is fixed once voting opens: ballots name the projects on it.", 409);
    if (auto why = shortlist_refusal(f.idea, f.process.rules)) refuse(*why + ".", 409);
    Project project{.process_id = f.process.id,
                    .title = f.idea.title,
                    .description = f.idea.description,
                    .ward_code = f.idea.ward_code,
                    .cost = *f.idea.officer_cost,
                    .idea_id = f.idea.id};
    project.id = insert_project(tx, project, cmd.now);
    audit_idea(tx, cmd, "budget.idea.shortlist", f, "",
               "project " + std::to_string(project.id) + ": " + project.title + " (" +
                   std::to_string(project.cost) + "p)");
    return project.id;
  });
}

}  // namespace cw::budgeting
