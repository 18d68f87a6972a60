// What budget ideas add to the budgeting manifest (module.cpp): their two kinds of content in the shared
// moderation queue, the officers' "Ideas to assess" queue, and their part of a person's data.
#pragma once
#include "modules/module.h"

namespace cw::budgeting {

// Registers "budget_idea" and "budget_idea_comment" with moderation (ideas_moderation.cpp).
void register_idea_content_kinds();
modules::Queue ideas_to_assess_queue();
modules::PersonalData ideas_personal_data();  // ideas_personal_data.cpp

// Where an idea is shown: "/budgets/3/ideas/12".
std::string idea_href(std::int64_t process_id, std::int64_t idea_id);

}  // namespace cw::budgeting
