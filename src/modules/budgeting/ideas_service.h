// The commands on budget ideas: residents put ideas forward, support and comment on them; officers
// assess them, merge duplicates and put feasible, costed ideas on the shortlist. Each command is one
// write transaction with its permission check, so a refused one changes nothing. Refusals throw
// web::FormInvalid (422 bad input, 403 not allowed, 404 unknown or hidden, 409 not possible in the
// current phase or state). Reports go through the shared moderation queue (ideas_moderation.cpp).
#pragma once
#include <cstdint>
#include <string>

#include "modules/budgeting/ideas.h"
#include "modules/command.h"
#include "store/db.h"

namespace cw::budgeting {

using modules::Command;

// Each command names the process and the idea as the path does; an idea of another process is 404.
struct IdeaRef {
  std::int64_t process_id = 0, idea_id = 0;
};

// During the ideas phase, by a signed-in person. The ward must be one of the area's; a point on the map
// must lie in the area (field "lat"), and gives the idea its ward when none was chosen.
std::int64_t submit_idea(store::Db& db, const Command& cmd, std::int64_t process_id, const IdeaDraft& draft);

// Supporting twice counts once; withdrawing a support one does not hold does nothing. During the ideas
// and costing phases; a merged idea is supported through the idea it was merged into (409).
void set_support(store::Db& db, const Command& cmd, IdeaRef ref, bool support);
std::int64_t add_comment(store::Db& db, const Command& cmd, IdeaRef ref, const std::string& text);

// Officers' decisions, audited, until voting opens. An idea on the shortlist keeps its assessment, since
// its project's cost came from it (409).
void assess_idea(store::Db& db, const Command& cmd, IdeaRef ref, const AssessmentDraft& draft);
// Field "into": the idea, of the same process, that this one duplicates.
void merge_idea_into(store::Db& db, const Command& cmd, IdeaRef ref, const std::string& into);
// Puts the idea on the shortlist as a project with the officer's cost, linked back to the idea. Refused
// (409) once voting has opened, as add_project is, or when shortlist_refusal says why not.
std::int64_t shortlist_idea(store::Db& db, const Command& cmd, IdeaRef ref);

}  // namespace cw::budgeting
