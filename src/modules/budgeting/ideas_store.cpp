#include "modules/budgeting/ideas_store.h"

#include <map>

namespace cw::budgeting {

namespace {

// The project an idea became is found through budget_projects.idea_id (unique), so the two never
// disagree.
constexpr const char* kIdeaColumns =
    "SELECT i.id, i.process_id, i.author_id, i.title, i.description, i.ward_code, i.lat, i.lon, i.estimate, "
    "i.feasibility, i.feasibility_reason, i.officer_cost, i.merged_into, p.id, i.hidden, i.created_at, "
    "i.updated_at FROM budget_ideas i LEFT JOIN budget_projects p ON p.idea_id = i.id ";

std::optional<double> opt_real(const store::Row& r, std::size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional(r.real(i));
}

Idea idea_from_row(const store::Row& r) {
  return {.id = r.integer(0),
          .process_id = r.integer(1),
          .author_id = r.opt_integer(2),
          .title = r.text(3),
          .description = r.text(4),
          .ward_code = r.text(5),
          .lat = opt_real(r, 6),
          .lon = opt_real(r, 7),
          .estimate = r.opt_integer(8),
          .feasibility = feasibility_from_slug(r.text(9)).value_or(Feasibility::unassessed),
          .feasibility_reason = r.text(10),
          .officer_cost = r.opt_integer(11),
          .merged_into = r.opt_integer(12),
          .project_id = r.opt_integer(13),
          .hidden = r.boolean(14),
          .created_at = r.integer(15),
          .updated_at = r.integer(16)};
}

constexpr const char* kCommentColumns =
    "SELECT id, idea_id, author_id, body, hidden, created_at FROM budget_idea_comments ";

Comment comment_from_row(const store::Row& r) {
  return {.id = r.integer(0),
          .idea_id = r.integer(1),
          .author_id = r.opt_integer(2),
          .body = r.text(3),
          .hidden = r.boolean(4),
          .created_at = r.integer(5)};
}

}  // namespace

std::int64_t insert_idea(store::Tx& tx, const Idea& i) {
  return tx
      .run(
          "INSERT INTO budget_ideas (process_id, author_id, title, description, ward_code, lat, lon, "
          "estimate, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
          i.process_id, i.author_id, i.title, i.description, i.ward_code, i.lat, i.lon, i.estimate,
          i.created_at, i.updated_at)
      .one()
      .integer(0);
}

std::optional<Idea> find_idea(store::Tx& tx, std::int64_t id) {
  auto r = tx.run(std::string(kIdeaColumns) + "WHERE i.id = $1", id);
  if (r.rows.empty()) return std::nullopt;
  return idea_from_row(r.rows.front());
}

std::vector<IdeaSummary> list_ideas(store::Tx& tx, std::int64_t process_id, bool with_hidden) {
  std::vector<IdeaSummary> out;
  auto rows = tx.run(std::string(kIdeaColumns) +
                         "WHERE i.process_id = $1 AND (i.hidden = 0 OR $2 = 1) "
                         "ORDER BY i.id",
                     process_id, with_hidden)
                  .rows;
  // Counts per idea in two grouped queries rather than one query per idea.
  std::map<std::int64_t, std::int64_t> supporters, comments;
  for (const auto& r : tx.run("SELECT COALESCE(i.merged_into, i.id), COUNT(DISTINCT s.user_id) "
                              "FROM budget_idea_supports s JOIN budget_ideas i ON i.id = s.idea_id "
                              "WHERE i.process_id = $1 GROUP BY COALESCE(i.merged_into, i.id)",
                              process_id)
                           .rows)
    supporters[r.integer(0)] = r.integer(1);
  for (const auto& r :
       tx.run("SELECT c.idea_id, COUNT(*) FROM budget_idea_comments c JOIN budget_ideas i "
              "ON i.id = c.idea_id WHERE i.process_id = $1 AND c.hidden = 0 GROUP BY c.idea_id",
              process_id)
           .rows)
    comments[r.integer(0)] = r.integer(1);
  std::map<std::int64_t, std::string> titles;
  for (const auto& r : rows) titles[r.integer(0)] = r.text(3);
  for (const auto& r : rows) {
    IdeaSummary s{.idea = idea_from_row(r)};
    // A merged idea's supporters count toward the idea it was merged into, not twice.
    s.supporters = s.idea.merged_into ? 0 : supporters[s.idea.id];
    s.comments = comments[s.idea.id];
    if (s.idea.merged_into) s.merged_into_title = titles[*s.idea.merged_into];
    out.push_back(std::move(s));
  }
  return out;
}

std::int64_t supporters_of(store::Tx& tx, std::int64_t idea_id) {
  return tx
      .run(
          "SELECT COUNT(DISTINCT s.user_id) FROM budget_idea_supports s JOIN budget_ideas i ON i.id = "
          "s.idea_id WHERE i.id = $1 OR i.merged_into = $1",
          idea_id)
      .one()
      .integer(0);
}

std::int64_t ideas_to_assess(store::Tx& tx, std::int64_t process_id) {
  return tx
      .run(
          "SELECT COUNT(*) FROM budget_ideas WHERE process_id = $1 AND feasibility = 'unassessed' AND "
          "hidden = 0 AND merged_into IS NULL",
          process_id)
      .one()
      .integer(0);
}

bool add_support(store::Tx& tx, std::int64_t idea_id, std::int64_t user_id, Micros now) {
  return tx.run(
               "INSERT INTO budget_idea_supports (idea_id, user_id, created_at) VALUES ($1, $2, $3) "
               "ON CONFLICT DO NOTHING",
               idea_id, user_id, now)
             .affected == 1;
}

void remove_support(store::Tx& tx, std::int64_t idea_id, std::int64_t user_id) {
  tx.run("DELETE FROM budget_idea_supports WHERE idea_id = $1 AND user_id = $2", idea_id, user_id);
}

bool supports(store::Tx& tx, std::int64_t idea_id, std::int64_t user_id) {
  return !tx.run("SELECT 1 FROM budget_idea_supports WHERE idea_id = $1 AND user_id = $2", idea_id, user_id)
              .empty();
}

void save_assessment(store::Tx& tx, std::int64_t idea_id, const Assessment& a, Micros now) {
  tx.run(
      "UPDATE budget_ideas SET feasibility = $2, feasibility_reason = $3, officer_cost = $4, updated_at = $5 "
      "WHERE id = $1",
      idea_id, std::string(feasibility_slug(a.feasibility)), a.reason, a.cost, now);
}

void merge_idea(store::Tx& tx, std::int64_t from, std::int64_t into, Micros now) {
  tx.run("UPDATE budget_ideas SET merged_into = $2, updated_at = $3 WHERE id = $1 OR merged_into = $1", from,
         into, now);
}

void set_idea_hidden(store::Tx& tx, std::int64_t idea_id, bool hidden) {
  tx.run("UPDATE budget_ideas SET hidden = $2 WHERE id = $1", idea_id, hidden);
}

std::int64_t insert_comment(store::Tx& tx, const Comment& c) {
  return tx
      .run(
          "INSERT INTO budget_idea_comments (idea_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) "
          "RETURNING id",
          c.idea_id, c.author_id, c.body, c.created_at)
      .one()
      .integer(0);
}

std::optional<Comment> find_comment(store::Tx& tx, std::int64_t id) {
  auto r = tx.run(std::string(kCommentColumns) + "WHERE id = $1", id);
  if (r.rows.empty()) return std::nullopt;
  return comment_from_row(r.rows.front());
}

std::vector<Comment> list_comments(store::Tx& tx, std::int64_t idea_id) {
  std::vector<Comment> out;
  for (const auto& r :
       tx.run(std::string(kCommentColumns) + "WHERE idea_id = $1 AND hidden = 0 ORDER BY id", idea_id).rows)
    out.push_back(comment_from_row(r));
  return out;
}

void set_comment_hidden(store::Tx& tx, std::int64_t comment_id, bool hidden) {
  tx.run("UPDATE budget_idea_comments SET hidden = $2 WHERE id = $1", comment_id, hidden);
}

std::vector<Idea> ideas_by(store::Tx& tx, std::int64_t user_id) {
  std::vector<Idea> out;
  for (const auto& r :
       tx.run(std::string(kIdeaColumns) + "WHERE i.author_id = $1 ORDER BY i.id", user_id).rows)
    out.push_back(idea_from_row(r));
  return out;
}

std::vector<Comment> comments_by(store::Tx& tx, std::int64_t user_id) {
  std::vector<Comment> out;
  for (const auto& r :
       tx.run(std::string(kCommentColumns) + "WHERE author_id = $1 ORDER BY id", user_id).rows)
    out.push_back(comment_from_row(r));
  return out;
}

std::vector<std::pair<std::int64_t, Micros>> supports_by(store::Tx& tx, std::int64_t user_id) {
  std::vector<std::pair<std::int64_t, Micros>> out;
  for (const auto& r :
       tx.run("SELECT idea_id, created_at FROM budget_idea_supports WHERE user_id = $1 ORDER BY created_at",
              user_id)
           .rows)
    out.emplace_back(r.integer(0), r.integer(1));
  return out;
}

void forget_contributor(store::Tx& tx, std::int64_t user_id) {
  tx.run("DELETE FROM budget_idea_supports WHERE user_id = $1", user_id);
  tx.run("DELETE FROM budget_idea_comments WHERE author_id = $1", user_id);
  tx.run("UPDATE budget_ideas SET author_id = NULL WHERE author_id = $1", user_id);
}

}  // namespace cw::budgeting
