// What budget ideas hold about a person: the ideas they put forward, their comments and the ideas they
// support. On deletion their supports and comments go; their ideas stay without an author, since others
// support them and one may have become a project on the shortlist.
#include <algorithm>

#include "common/civil_date.h"
#include "modules/budgeting/ideas_module.h"
#include "modules/budgeting/ideas_store.h"
#include "modules/budgeting/store.h"

namespace cw::budgeting {

namespace {

std::string process_title(store::Tx& tx, std::int64_t process_id) {
  auto p = find_process(tx, process_id);
  return p ? p->title : "";
}

std::vector<modules::ActivityItem> activity(store::Tx& tx, const modules::Person& person, Micros) {
  std::vector<modules::ActivityItem> out;
  for (const auto& idea : ideas_by(tx, person.user_id))
    out.push_back({.what = "Put forward",
                   .title = idea.title,
                   .href = idea.hidden ? "" : idea_href(idea.process_id, idea.id),
                   .at = idea.created_at,
                   .status = status_label(status_of(idea))});
  for (const auto& [idea_id, at] : supports_by(tx, person.user_id))
    if (auto idea = find_idea(tx, idea_id))
      out.push_back({.what = "Supported",
                     .title = idea->title,
                     .href = idea->hidden ? "" : idea_href(idea->process_id, idea->id),
                     .at = at,
                     .status = status_label(status_of(*idea))});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.at > b.at; });
  return out;
}

nlohmann::json export_data(store::Tx& tx, const modules::Person& person, Micros) {
  auto ideas = nlohmann::json::array();
  for (const auto& i : ideas_by(tx, person.user_id))
    ideas.push_back({{"budget_id", i.process_id},
                     {"budget", process_title(tx, i.process_id)},
                     {"idea_id", i.id},
                     {"title", i.title},
                     {"description", i.description},
                     {"ward_code", i.ward_code},
                     {"lat", i.lat ? nlohmann::json(*i.lat) : nlohmann::json(nullptr)},
                     {"lon", i.lon ? nlohmann::json(*i.lon) : nlohmann::json(nullptr)},
                     {"estimate_pence", i.estimate ? nlohmann::json(*i.estimate) : nlohmann::json(nullptr)},
                     {"created_at", civil::iso_time(i.created_at)}});
  auto comments = nlohmann::json::array();
  for (const auto& c : comments_by(tx, person.user_id))
    comments.push_back(
        {{"idea_id", c.idea_id}, {"comment", c.body}, {"created_at", civil::iso_time(c.created_at)}});
  auto supports = nlohmann::json::array();
  for (const auto& [idea_id, at] : supports_by(tx, person.user_id))
    supports.push_back({{"idea_id", idea_id}, {"supported_at", civil::iso_time(at)}});
  return {{"ideas", ideas}, {"comments", comments}, {"supports", supports}};
}

void forget(store::Tx& tx, const modules::Person& person, Micros) {
  forget_contributor(tx, person.user_id);
}

}  // namespace

modules::PersonalData ideas_personal_data() {
  return {.key = "budget_ideas",
          .heading = "Budget ideas",
          .order = 36,
          .activity = activity,
          .export_data = export_data,
          .forget = forget};
}

}  // namespace cw::budgeting
