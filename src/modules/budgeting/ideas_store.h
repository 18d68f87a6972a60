// All SQL of budget ideas: the ideas with their assessment and merges, supports (one row a person)
// and comments. Plain functions over the caller's transaction; the ideas service decides what may
// happen. Hidden ideas and comments stay in the tables for their moderators.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/budgeting/ideas.h"
#include "store/db.h"

namespace cw::budgeting {

std::int64_t insert_idea(store::Tx& tx, const Idea& idea);
std::optional<Idea> find_idea(store::Tx& tx, std::int64_t id);

struct IdeaSummary {
  Idea idea;
  std::int64_t supporters = 0;  // of it and of the ideas merged into it, each person once
  std::int64_t comments = 0;    // shown ones
  std::string merged_into_title;
};
// A process's ideas, oldest first; hidden ones only when `with_hidden`.
std::vector<IdeaSummary> list_ideas(store::Tx& tx, std::int64_t process_id, bool with_hidden);
// The people supporting the idea or one merged into it, each once.
std::int64_t supporters_of(store::Tx& tx, std::int64_t idea_id);
// Ideas of the process nobody has assessed yet (visible and not merged).
std::int64_t ideas_to_assess(store::Tx& tx, std::int64_t process_id);

// False when the person supports it already (the primary key decides, not a check before).
bool add_support(store::Tx& tx, std::int64_t idea_id, std::int64_t user_id, Micros now);
void remove_support(store::Tx& tx, std::int64_t idea_id, std::int64_t user_id);
bool supports(store::Tx& tx, std::int64_t idea_id, std::int64_t user_id);

void save_assessment(store::Tx& tx, std::int64_t idea_id, const Assessment& a, Micros now);
// Merges `from` into `into`, and the ideas merged into `from` with it, so merges never chain.
void merge_idea(store::Tx& tx, std::int64_t from, std::int64_t into, Micros now);
void set_idea_hidden(store::Tx& tx, std::int64_t idea_id, bool hidden);

struct Comment {
  std::int64_t id = 0, idea_id = 0;
  std::optional<std::int64_t> author_id;
  std::string body;
  bool hidden = false;
  Micros created_at = 0;
};
std::int64_t insert_comment(store::Tx& tx, const Comment& c);
std::optional<Comment> find_comment(store::Tx& tx, std::int64_t id);
// The idea's shown comments, oldest first.
std::vector<Comment> list_comments(store::Tx& tx, std::int64_t idea_id);
void set_comment_hidden(store::Tx& tx, std::int64_t comment_id, bool hidden);

// A person's contributions, for "Your activity", the download and account deletion.
std::vector<Idea> ideas_by(store::Tx& tx, std::int64_t user_id);
std::vector<Comment> comments_by(store::Tx& tx, std::int64_t user_id);
// (idea id, when) for each idea the person supports.
std::vector<std::pair<std::int64_t, Micros>> supports_by(store::Tx& tx, std::int64_t user_id);
// Removes their supports and comments; their ideas stay, without an author, since others support them.
void forget_contributor(store::Tx& tx, std::int64_t user_id);

}  // namespace cw::budgeting
