// An idea's page. Everyone sees the idea, its supporters, its assessment once made and its comments;
// signed-in residents support and comment while discussion is open; officers assess, merge and shortlist
// until voting opens. Hidden ideas are shown only to those who may moderate them; hidden comments to
// nobody here.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/civil_date.h"
#include "common/money.h"
#include "modules/accounts/people.h"
#include "modules/budgeting/ideas_module.h"
#include "modules/budgeting/ideas_pages.h"
#include "modules/budgeting/ideas_store.h"
#include "modules/budgeting/store.h"
#include "web/form_fields.h"
#include "web/path_number.h"

namespace cw::budgeting {

namespace {

using nlohmann::json;
using web::Context;
using web::FormView;
using web::Request;
using web::Response;

struct IdeaRead {
  Process p;
  IdeaSummary idea;
  std::vector<Comment> comments;
  std::vector<std::string> authors;  // each comment's author's name
  std::vector<places::WardRef> wards;
  std::vector<IdeaSummary> others;  // what it may be merged into
  bool supported = false;
};

IdeaRead read_idea(const Request& req, const Context& ctx) {
  auto ref = idea_ref_in(req);
  return store::in_read(ctx.db, [&](store::Tx& tx) {
    IdeaRead r{.p = process_in(tx, req)};
    auto moderator =
        accounts::can(ctx.actor, accounts::Action::moderate_content, {.locality_id = r.p.locality_id});
    bool found = false;
    for (auto& s : list_ideas(tx, r.p.id, moderator)) {
      if (s.idea.id == ref.idea_id) {
        r.idea = s;
        found = true;
      } else if (!s.idea.merged_into && !s.idea.hidden) {
        r.others.push_back(std::move(s));
      }
    }
    if (!found) throw web::HttpError(404, "not_found", "There is no idea with that number.");
    r.comments = list_comments(tx, ref.idea_id);
    for (const auto& c : r.comments) {
      auto who = c.author_id ? accounts::contact_of(tx, *c.author_id) : std::nullopt;
      r.authors.push_back(who && !who->display_name.empty() ? who->display_name : "A resident");
    }
    r.wards = places::ward_refs(tx, r.p.locality_id);
    r.supported = ctx.actor && supports(tx, ref.idea_id, ctx.actor->user_id);
    return r;
  });
}

json summary_row(const std::string& key, const std::string& value) {
  return {{"key", key}, {"value", value}, {"href", false}};
}

json detail_rows(const IdeaRead& r) {
  const auto& i = r.idea.idea;
  json rows = json::array({summary_row("Where", ward_name(r.wards, i.ward_code))});
  if (i.lat && i.lon)
    rows.push_back(
        summary_row("Point on the map", fmt::format("Latitude {:.5f}, longitude {:.5f}", *i.lat, *i.lon)));
  rows.push_back(
      summary_row("The resident's estimate", i.estimate ? money::format(*i.estimate) : "None given"));
  rows.push_back(summary_row("Put forward on", civil::long_date(i.created_at)));
  if (!i.merged_into) rows.push_back(summary_row("Supporters", std::to_string(r.idea.supporters)));
  if (i.feasibility != Feasibility::unassessed)
    rows.push_back(summary_row("Feasible",
                               i.feasibility == Feasibility::feasible
                                   ? "Yes" + (i.feasibility_reason.empty() ? "" : ": " + i.feasibility_reason)
                                   : "No: " + i.feasibility_reason));
  if (i.officer_cost) rows.push_back(summary_row("The council's cost", money::format(*i.officer_cost)));
  return rows;
}

// The support button while discussion is open: support, or withdraw a support already given.
json support_form(const IdeaRead& r, Phase ph, const Context& ctx) {
  const auto& i = r.idea.idea;
  if (!ctx.actor || !discussion_open(ph) || i.merged_into || i.hidden) return false;
  auto base = idea_href(r.p.id, i.id);
  return {{"action", base + "/support"},
          {"value", r.supported ? "withdraw" : "support"},
          {"label", r.supported ? "Withdraw my support" : "Support this idea"},
          {"secondary", r.supported},
          {"supported", r.supported}};
}

json comment_list(const IdeaRead& r) {
  json out = json::array();
  for (std::size_t n = 0; n < r.comments.size(); ++n) {
    const auto& c = r.comments[n];
    out.push_back({{"id", c.id},
                   {"author", r.authors[n]},
                   {"when", civil::long_date(c.created_at)},
                   {"body", c.body},
                   {"report_href", "/report/budget_idea_comment/" + std::to_string(c.id)}});
  }
  return out;
}

// The officers' forms, until voting opens: assessment, merge and the shortlist.
json officer_forms(const IdeaRead& r, Phase ph, const FormView& form) {
  const auto& i = r.idea.idea;
  if (!assessment_open(ph) || i.hidden) return false;
  auto base = idea_href(r.p.id, i.id);
  json out{{"assess", false}, {"merge", false}, {"shortlist", false}, {"shortlist_refusal", false}};
  if (i.project_id) {
    out["shortlist_refusal"] = "This idea is on the shortlist, so its assessment and cost are fixed.";
    return out;
  }
  out["assess"] = {
      {"action", base + "/assess"},
      {"feasibility",
       form.choices("feasibility", "Is the idea feasible?",
                    {{"feasible", "Feasible", ""}, {"not_feasible", "Not feasible", ""}},
                    {i.feasibility == Feasibility::unassessed ? "" : feasibility_slug(i.feasibility)},
                    false)},
      {"reason", form.textarea("reason", "Reason", i.feasibility_reason,
                               "Required when the idea is not feasible. Residents will see it.")},
      {"cost", form.field("cost", "What it would cost (optional)",
                          i.officer_cost ? money::format(*i.officer_cost) : "",
                          {.hint = "In pounds, for example £12,500.", .width = "10"})}};
  if (!i.merged_into && !r.others.empty()) {
    std::vector<FormView::Choice> choices{{"", "Choose an idea", ""}};
    for (const auto& o : r.others) choices.push_back({std::to_string(o.idea.id), o.idea.title, ""});
    out["merge"] = {{"action", base + "/merge"},
                    {"into", form.select("into", "Merge this idea into", choices, "",
                                         "Its supporters will count toward that idea.")}};
  }
  auto why = shortlist_refusal(i, r.p.rules);
  if (why)
    out["shortlist_refusal"] = *why + ".";
  else
    out["shortlist"] = {{"action", base + "/shortlist"}, {"cost", money::format(*i.officer_cost)}};
  return out;
}

json banner(const Request& req) {
  return web::done_banner(req.query, {{"submitted", "Your idea has been put forward"},
                                      {"supported", "You support this idea"},
                                      {"withdrawn", "Your support has been withdrawn"},
                                      {"commented", "Your comment has been added"},
                                      {"assessed", "Assessment saved"},
                                      {"merged", "Idea merged"},
                                      {"shortlisted", "Idea put on the shortlist"}});
}

}  // namespace

std::string ideas_href(std::int64_t process_id) {
  return process_href(process_id) + "/ideas";
}

IdeaRef idea_ref_in(const Request& req) {
  return {path_id(req), web::path_number(req, "idea", "There is no idea with that number.")};
}

std::vector<web::Breadcrumb> ideas_crumbs(const Process& p) {
  auto out = crumbs(p);
  out.push_back({"Ideas", ideas_href(p.id)});
  return out;
}

std::string ward_name(const std::vector<places::WardRef>& wards, const std::string& code) {
  for (const auto& w : wards)
    if (w.code == code) return w.name;
  return "The whole area";
}

Response idea_page(const Request& req, Context& ctx, const FormView& form, int status) {
  auto r = read_idea(req, ctx);
  const auto& i = r.idea.idea;
  auto ph = phase(r.p, ctx.clock.now());
  auto status_now = status_of(i);
  json merged = false;
  if (i.merged_into)
    merged = {{"href", idea_href(r.p.id, *i.merged_into)}, {"title", r.idea.merged_into_title}};
  bool discuss = ctx.actor && discussion_open(ph) && !i.hidden;
  json data{
      {"caption", r.p.title},
      {"title", i.title},
      {"status", {{"text", status_label(status_now)}, {"colour", status_colour(status_now)}}},
      {"hidden", i.hidden},
      {"merged", merged},
      {"project_href", i.project_id ? json(process_href(r.p.id)) : json(false)},
      {"now_text", ideas_now_text(ph, ctx.actor != nullptr)},
      {"description", i.description},
      {"rows", detail_rows(r)},
      {"support", support_form(r, ph, ctx)},
      {"sign_in_href", !ctx.actor && discussion_open(ph)
                           ? json("/account/sign-in?next=" + web::percent_encode(req.target.substr(0, 500)))
                           : json(false)},
      {"report_href", ctx.actor ? json("/report/budget_idea/" + std::to_string(i.id)) : json(false)},
      {"comments", comment_list(r)},
      {"has_comments", !r.comments.empty()},
      {"signed_in", ctx.actor != nullptr},
      {"comment_form", discuss ? json({{"action", idea_href(r.p.id, i.id) + "/comments"},
                                       {"field", form.textarea("comment", "Add a comment", "", "", 4)}})
                               : json(false)},
      {"manage", can_manage(ctx.actor, r.p.locality_id) ? officer_forms(r, ph, form) : json(false)},
      {"banner", banner(req)},
      {"errors", form.summary()}};
  return ctx.page("budgeting/ideas_show",
                  {.title = i.title,
                   .breadcrumbs = ideas_crumbs(r.p),
                   .has_errors = form.has_errors(),
                   .nav_current = "/budgets"},
                  std::move(data), status);
}

}  // namespace cw::budgeting
