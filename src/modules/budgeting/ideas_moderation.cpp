// Ideas and their comments in the shared moderation queue: readers report them at /report/<kind>/<id>,
// and a moderator's "hide" takes them off the public pages (they stay in the tables, restorable).
// Also the officers' count of ideas waiting for an assessment.
#include "modules/budgeting/ideas_module.h"
#include "modules/budgeting/ideas_store.h"
#include "modules/budgeting/service.h"
#include "modules/budgeting/store.h"
#include "modules/moderation/moderation.h"
#include "modules/places/overview.h"

namespace cw::budgeting {

namespace {

std::optional<moderation::ContentInfo> describe_idea(store::Tx& tx, const std::string& id) {
  auto n = moderation::content_number(id);
  auto idea = n ? find_idea(tx, *n) : std::nullopt;
  auto p = idea ? find_process(tx, idea->process_id) : std::nullopt;
  if (!p) return std::nullopt;
  return moderation::ContentInfo{.title = "Budget idea: " + idea->title,
                                 .text = idea->description,
                                 .author_user_id = idea->author_id,
                                 .locality_id = p->locality_id,
                                 .url = idea_href(p->id, idea->id),
                                 .hidden = idea->hidden};
}

std::optional<moderation::ContentInfo> describe_comment(store::Tx& tx, const std::string& id) {
  auto n = moderation::content_number(id);
  auto c = n ? find_comment(tx, *n) : std::nullopt;
  auto idea = c ? find_idea(tx, c->idea_id) : std::nullopt;
  auto p = idea ? find_process(tx, idea->process_id) : std::nullopt;
  if (!p) return std::nullopt;
  return moderation::ContentInfo{.title = "Comment on the budget idea " + idea->title,
                                 .text = c->body,
                                 .author_user_id = c->author_id,
                                 .locality_id = p->locality_id,
                                 .url = idea_href(p->id, idea->id) + "#comment-" + id,
                                 .hidden = c->hidden};
}

}  // namespace

std::string idea_href(std::int64_t process_id, std::int64_t idea_id) {
  return "/budgets/" + std::to_string(process_id) + "/ideas/" + std::to_string(idea_id);
}

void register_idea_content_kinds() {
  moderation::register_content_kind(
      {.name = "budget_idea",
       .label = "Budget idea",
       .describe = describe_idea,
       .set_hidden = [](store::Tx& tx, const std::string& id, bool hidden, Micros) {
         if (auto n = moderation::content_number(id)) set_idea_hidden(tx, *n, hidden);
       }});
  moderation::register_content_kind(
      {.name = "budget_idea_comment",
       .label = "Comment on a budget idea",
       .describe = describe_comment,
       .set_hidden = [](store::Tx& tx, const std::string& id, bool hidden, Micros) {
         if (auto n = moderation::content_number(id)) set_comment_hidden(tx, *n, hidden);
       }});
}

// Ideas nobody has assessed, in budgets not yet open for voting, where the officer runs budgets.
modules::Queue ideas_to_assess_queue() {
  return {.title = "Budget ideas to assess",
          .href = "/budgets",
          .order = 61,
          .count = [](store::Tx& tx, const Actor& a, Micros now) {
            return sum_over_managed(tx, a, [&](const Process& p) {
              return assessment_open(phase(p, now)) ? ideas_to_assess(tx, p.id) : 0;
            });
          }};
}

}  // namespace cw::budgeting
