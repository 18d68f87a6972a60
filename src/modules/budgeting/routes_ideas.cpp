// The ideas pages: the list of a budget's ideas, the form residents put an idea forward with, and the
// commands posted from an idea's page (support, comment, and the officers' assessment, merge and
// shortlist). Every form works without JavaScript; a refused one re-renders its page with the GOV.UK
// error summary and what was typed.
#include <functional>

#include <nlohmann/json.hpp>

#include "common/money.h"
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
using web::FormInvalid;
using web::FormView;
using web::Params;
using web::Request;
using web::Response;

json idea_rows(const Process& p, const std::vector<IdeaSummary>& ideas,
               const std::vector<places::WardRef>& wards) {
  json out = json::array();
  for (const auto& s : ideas) {
    auto status = status_of(s.idea);
    json merged = false;
    if (s.idea.merged_into)
      merged = {{"href", idea_href(p.id, *s.idea.merged_into)}, {"title", s.merged_into_title}};
    out.push_back({{"href", idea_href(p.id, s.idea.id)},
                   {"title", s.idea.title},
                   {"merged_into", merged},
                   {"ward", ward_name(wards, s.idea.ward_code)},
                   {"supporters", s.idea.merged_into ? json("–") : json(std::to_string(s.supporters))},
                   {"comments", s.comments},
                   {"cost", s.idea.officer_cost ? json(money::format(*s.idea.officer_cost)) : json("")},
                   {"status", {{"text", status_label(status)}, {"colour", status_colour(status)}}}});
  }
  return out;
}

Response list_page(const Request& req, Context& ctx) {
  struct Read {
    Process p;
    std::vector<IdeaSummary> ideas;
    std::vector<places::WardRef> wards;
  };
  auto r = store::in_read(ctx.db, [&](store::Tx& tx) {
    Read r{.p = process_in(tx, req)};
    r.ideas = list_ideas(tx, r.p.id, false);
    r.wards = places::ward_refs(tx, r.p.locality_id);
    return r;
  });
  auto ph = phase(r.p, ctx.clock.now());
  bool manage = can_manage(ctx.actor, r.p.locality_id);
  std::int64_t waiting = 0;
  for (const auto& s : r.ideas) waiting += status_of(s.idea) == IdeaStatus::waiting ? 1 : 0;
  auto n = r.ideas.size();
  json data{{"caption", r.p.title},
            {"now_text", ideas_now_text(ph, ctx.actor != nullptr)},
            {"new_href", ideas_open(ph) ? json(ideas_href(r.p.id) + "/new") : json(false)},
            {"to_assess", manage && assessment_open(ph) && waiting > 0
                              ? json(std::to_string(waiting) + (waiting == 1 ? " idea is" : " ideas are") +
                                     " waiting for an assessment.")
                              : json(false)},
            {"count_text", n == 1 ? "1 idea" : std::to_string(n) + " ideas"},
            {"ideas", idea_rows(r.p, r.ideas, r.wards)},
            {"has_ideas", n > 0},
            {"banner", web::done_banner(req.query, {{"submitted", "Your idea has been put forward"}})}};
  return ctx.page("budgeting/ideas_list",
                  {.title = "Ideas for " + r.p.title, .breadcrumbs = crumbs(r.p), .nav_current = "/budgets"},
                  std::move(data));
}

Response idea_form(const Context& ctx, const Process& p, const FormView& form, int status) {
  auto wards = store::in_read(ctx.db, [&](store::Tx& tx) { return places::ward_refs(tx, p.locality_id); });
  std::vector<FormView::Choice> choices{{"", "The whole area, or not sure", ""}};
  for (const auto& w : wards) choices.push_back({w.code, w.name, ""});
  json fields{
      {"title",
       form.field("title", "Your idea in a few words", "", {.hint = "For example, Benches in Manor Park."})},
      {"description",
       form.textarea("description", "Describe your idea", "", "What it is, where, and who it would help.")},
      {"ward", form.select("ward", "Which ward is it in? (optional)", choices)},
      {"lat", form.field("lat", "Latitude (optional)", "",
                         {.hint = "For example 51.3618. Leave blank if you do not know.", .width = "10"})},
      {"lon", form.field("lon", "Longitude (optional)", "", {.hint = "For example -0.1946.", .width = "10"})},
      {"estimate", form.field("estimate", "What do you think it would cost? (optional)", "",
                              {.hint = "In pounds, for example £5,000. The council will work out the cost.",
                               .width = "10"})}};
  json data{{"caption", p.title},
            {"action", ideas_href(p.id) + "/new"},
            {"back_href", ideas_href(p.id)},
            {"now_text", ideas_now_text(Phase::ideas, true)},
            {"fields", fields},
            {"errors", form.summary()}};
  return ctx.page("budgeting/ideas_form",
                  {.title = "Put forward an idea",
                   .breadcrumbs = ideas_crumbs(p),
                   .has_errors = form.has_errors(),
                   .nav_current = "/budgets"},
                  std::move(data), status);
}

Response closed_to_ideas(const Context& ctx, const Process& p, int status) {
  return message(ctx, p, "Ideas are closed",
                 {ideas_now_text(phase(p, ctx.clock.now()), ctx.actor != nullptr)}, status);
}

Response new_page(const Request& req, Context& ctx) {
  auto p = store::in_read(ctx.db, [&](store::Tx& tx) { return process_in(tx, req); });
  if (!ideas_open(phase(p, ctx.clock.now()))) return closed_to_ideas(ctx, p, 200);
  if (!ctx.actor) return modules::sign_in_redirect(req);
  return idea_form(ctx, p, {}, 200);
}

Response new_submit(const Request& req, Context& ctx) {
  auto p = store::in_read(ctx.db, [&](store::Tx& tx) { return process_in(tx, req); });
  auto form = req.form();
  IdeaDraft draft{.title = form.get_or("title", "").substr(0, 1000),
                  .description = form.get_or("description", "").substr(0, 20'000),
                  .ward_code = form.get_or("ward", "").substr(0, 20),
                  .lat = form.get_or("lat", "").substr(0, 30),
                  .lon = form.get_or("lon", "").substr(0, 30),
                  .estimate = form.get_or("estimate", "").substr(0, 30)};
  try {
    auto id = submit_idea(ctx.db, modules::command_for(ctx), p.id, draft);
    return Response::redirect(idea_href(p.id, id) + "?done=submitted");
  } catch (const FormInvalid& e) {
    if (e.status == 409) return closed_to_ideas(ctx, p, 409);
    if (e.status != 422) refused(e);
    return idea_form(ctx, p, FormView(form, e.errors), 422);
  }
}

// A command posted from an idea's page: back to the page with `?done=<word>` when it worked, the page
// again with the errors when the input was refused, an error page when the person or the phase was.
using IdeaCommand = std::function<std::string(store::Db&, const Command&, IdeaRef, const Params&)>;

web::Handler from_idea_page(IdeaCommand run) {
  return [run = std::move(run)](const Request& req, Context& ctx) {
    auto ref = idea_ref_in(req);
    auto form = req.form();
    try {
      auto done = run(ctx.db, modules::command_for(ctx), ref, form);
      return Response::redirect(idea_href(ref.process_id, ref.idea_id) + "?done=" + done);
    } catch (const FormInvalid& e) {
      if (e.status != 422) refused(e);
      return idea_page(req, ctx, FormView(form, e.errors), 422);
    }
  };
}

std::string support(store::Db& db, const Command& cmd, IdeaRef ref, const Params& f) {
  bool withdraw = f.get_or("action", "") == "withdraw";
  set_support(db, cmd, ref, !withdraw);
  return withdraw ? "withdrawn" : "supported";
}

std::string comment(store::Db& db, const Command& cmd, IdeaRef ref, const Params& f) {
  add_comment(db, cmd, ref, f.get_or("comment", "").substr(0, 10'000));
  return "commented";
}

std::string assess(store::Db& db, const Command& cmd, IdeaRef ref, const Params& f) {
  assess_idea(db, cmd, ref,
              {.feasibility = f.get_or("feasibility", "").substr(0, 30),
               .reason = f.get_or("reason", "").substr(0, 10'000),
               .cost = f.get_or("cost", "").substr(0, 30)});
  return "assessed";
}

std::string merge(store::Db& db, const Command& cmd, IdeaRef ref, const Params& f) {
  merge_idea_into(db, cmd, ref, f.get_or("into", "").substr(0, 30));
  return "merged";
}

std::string shortlist(store::Db& db, const Command& cmd, IdeaRef ref, const Params&) {
  shortlist_idea(db, cmd, ref);
  return "shortlisted";
}

}  // namespace

void register_idea_routes(web::Router& router) {
  router.get("/budgets/{id}/ideas", list_page);
  router.get("/budgets/{id}/ideas/new", new_page);
  router.post("/budgets/{id}/ideas/new", new_submit);
  router.get("/budgets/{id}/ideas/{idea}",
             [](const Request& req, Context& ctx) { return idea_page(req, ctx, {}, 200); });
  router.post("/budgets/{id}/ideas/{idea}/support", from_idea_page(support));
  router.post("/budgets/{id}/ideas/{idea}/comments", from_idea_page(comment));
  router.post("/budgets/{id}/ideas/{idea}/assess", from_idea_page(assess));
  router.post("/budgets/{id}/ideas/{idea}/merge", from_idea_page(merge));
  router.post("/budgets/{id}/ideas/{idea}/shortlist", from_idea_page(shortlist));
}

}  // namespace cw::budgeting
