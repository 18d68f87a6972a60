// Voting codes and paper ballots on the web (voting_codes.h): the officers' page of codes (how many
// were made and have voted, and making more, shown once to print), their typing in of paper ballots,
// and voting online with a code, without an account. Anonymous code attempts are rate limited.
#include <fmt/format.h>

#include "modules/ballots/ballot_box.h"
#include "modules/budgeting/pages.h"
#include "modules/budgeting/store.h"
#include "modules/budgeting/voting_codes.h"
#include "web/form_fields.h"
#include "web/rate_limiter.h"

namespace cw::budgeting {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::FormView;
using web::Params;
using web::Request;
using web::Response;

// Wrong codes from one address. Codes are 60 random bits, so guessing is hopeless anyway; this keeps
// anyone from trying at speed, while a library's shared computer can still take many voters' right codes.
web::RateLimiter& wrong_codes() {
  static web::RateLimiter limiter("budget-voting-code-attempts", 10, 5);
  return limiter;
}

struct Managed {
  Process p;
  std::vector<Project> projects;
  CodeCounts counts;
};

Managed managed_in(const Request& req, const Context& ctx) {
  auto m = store::in_read(ctx.db, [&](store::Tx& tx) {
    Managed m{.p = process_in(tx, req)};
    m.projects = list_projects(tx, m.p.id);
    m.counts = code_counts(tx, m.p.id);
    return m;
  });
  if (!can_manage(ctx.actor, m.p.locality_id))
    throw web::HttpError(403, "forbidden", "Only the council's officers for this area can do that.");
  return m;
}

Response codes_page(const Context& ctx, const Managed& m, const FormView& form, int status) {
  auto ph = phase(m.p, ctx.clock.now());
  const auto& c = m.counts;
  json counts = json::array(
      {{{"label", "Codes made"}, {"value", std::to_string(c.issued)}},
       {{"label", "Codes that have voted"}, {"value", std::to_string(c.voted)}},
       {{"label", "Paper ballots entered once"}, {"value", std::to_string(c.awaiting)}},
       {{"label", "Paper ballots whose entries disagree"}, {"value", std::to_string(c.disagreeing)}}});
  json data{
      {"title", m.p.title},
      {"counts", counts},
      {"paper_href", ph == Phase::voting ? json(process_href(m.p.id) + "/paper") : json(false)},
      {"can_issue", ph <= Phase::voting},
      {"action", process_href(m.p.id) + "/codes"},
      {"how_many", form.field("how_many", "How many codes", "",
                              {.hint = fmt::format("Up to {} at a time.", kMostCodesAtOnce), .width = "5"})},
      {"back_href", process_href(m.p.id)},
      {"errors", form.summary()}};
  return ctx.page("budgeting/codes",
                  {.title = "Voting codes",
                   .breadcrumbs = crumbs(m.p),
                   .has_errors = form.has_errors(),
                   .nav_current = "/budgets"},
                  std::move(data), status);
}

Response codes_get(const Request& req, Context& ctx) {
  if (!ctx.actor) return modules::sign_in_redirect(req);
  return codes_page(ctx, managed_in(req, ctx), {}, 200);
}

Response codes_post(const Request& req, Context& ctx) {
  auto m = managed_in(req, ctx);
  auto form = req.form();
  try {
    auto codes =
        issue_codes(ctx.db, modules::command_for(ctx), m.p.id, form.get_or("how_many", "").substr(0, 10));
    auto heading = codes.size() == 1 ? std::string("1 new voting code")
                                     : fmt::format("{} new voting codes", codes.size());
    auto res = ctx.page("budgeting/codes_printed",
                        {.title = heading, .breadcrumbs = crumbs(m.p), .nav_current = "/budgets"},
                        {{"title", m.p.title},
                         {"heading", heading},
                         {"codes", codes},
                         {"vote_url", ctx.site.base_url + process_href(m.p.id) + "/vote/code"},
                         {"back_href", process_href(m.p.id) + "/codes"}});
    // The codes are shown this once: no cache, no history copy.
    res.set("Cache-Control", "no-store");
    return res;
  } catch (const FormInvalid& e) {
    if (e.status != 422) refused(e);
    return codes_page(ctx, m, FormView(form, e.errors), 422);
  }
}

Response paper_get(const Request& req, Context& ctx) {
  if (!ctx.actor) return modules::sign_in_redirect(req);
  auto m = managed_in(req, ctx);
  return vote_form(ctx, m.p, m.projects, {.paper = true}, {}, {}, 200);
}

const char* paper_said(PaperEntry e) {
  switch (e) {
    case PaperEntry::counted:
      return "Counted: your entry agrees with another officer's, so the ballot is in the ballot box";
    case PaperEntry::disagrees:
      return "Saved, but your entry disagrees with another officer's: check the paper and ask someone else "
             "to enter it too. It counts when two entries agree";
    default:
      return "Saved: a second officer must now enter this ballot. It counts when two entries agree";
  }
}

Response paper_post(const Request& req, Context& ctx) {
  auto m = managed_in(req, ctx);
  auto form = req.form();
  if (form.get_or("action", "vote") == "check")
    return vote_form(ctx, m.p, m.projects, {.paper = true}, FormView(form, {}), form, 200);
  try {
    auto result = enter_paper_ballot(ctx.db, modules::command_for(ctx), m.p.id, form.get_or("code", ""),
                                     ballot_form_of(form));
    return vote_form(ctx, m.p, m.projects, {.paper = true, .banner = web::success_banner(paper_said(result))},
                     {}, {}, 200);
  } catch (const FormInvalid& e) {
    if (e.status == 409)
      return vote_form(ctx, m.p, m.projects, {.paper = true}, FormView(form, {{"code", e.what()}}), form,
                       409);
    if (e.status != 422) refused(e);
    return vote_form(ctx, m.p, m.projects, {.paper = true}, FormView(form, e.errors), form, 422);
  }
}

struct Open {
  Process p;
  std::vector<Project> projects;
};

Open open_in(const Request& req, const Context& ctx) {
  return store::in_read(ctx.db, [&](store::Tx& tx) {
    Open o{.p = process_in(tx, req)};
    o.projects = list_projects(tx, o.p.id);
    return o;
  });
}

Response code_start_page(const Context& ctx, const Process& p, const FormView& form, int status) {
  return ctx.page("budgeting/code_start",
                  {.title = "Vote with a voting code",
                   .breadcrumbs = crumbs(p),
                   .has_errors = form.has_errors(),
                   .nav_current = "/budgets"},
                  {{"title", p.title},
                   {"closes", voting_dates_text(p, ctx.clock.now())},
                   {"action", process_href(p.id) + "/vote/code"},
                   {"code", form.field("code", "Your voting code", "",
                                       {.autocomplete = "off",
                                        .hint = "It is printed on your card, for example 7KQ2-M9XA-4RTB",
                                        .width = "20"})},
                   {"vote_href", process_href(p.id) + "/vote"},
                   {"errors", form.summary()}},
                  status);
}

Response code_get(const Request& req, Context& ctx) {
  auto o = open_in(req, ctx);
  auto now = ctx.clock.now();
  if (phase(o.p, now) != Phase::voting)
    return message(ctx, o.p, "Voting is not open", {voting_dates_text(o.p, now) + "."});
  return code_start_page(ctx, o.p, {}, 200);
}

Response code_post(const Request& req, Context& ctx) {
  auto o = open_in(req, ctx);
  auto now = ctx.clock.now();
  if (phase(o.p, now) != Phase::voting)
    return message(ctx, o.p, "Voting is not open", {voting_dates_text(o.p, now) + "."}, 409);
  auto too_many = [&] {
    return web::HttpError(
        429, "too_many_requests",
        "Too many wrong voting codes have been tried from here. Wait a minute and try again.");
  };
  if (wrong_codes().retry_after(ctx.remote_ip(), now) > 0) throw too_many();
  auto form = req.form();
  auto code = form.get_or("code", "").substr(0, 40);
  bool voted = false;
  try {
    voted = store::in_read(ctx.db, [&](store::Tx& tx) {
      return ballots::has_voted(tx, box_of(o.p.id), code_voter(tx, o.p.id, code));
    });
  } catch (const FormInvalid& e) {
    if (!wrong_codes().allow(ctx.remote_ip(), now)) throw too_many();
    return code_start_page(ctx, o.p, FormView(form, e.errors), 422);
  }
  BallotPage page{.changing = voted, .code = code};
  auto action = form.get_or("action", "start");
  if (action == "start") return vote_form(ctx, o.p, o.projects, page, {}, {}, 200);
  if (action == "check") return vote_form(ctx, o.p, o.projects, page, FormView(form, {}), form, 200);
  try {
    if (voted) {
      change_vote_with_code(ctx.db, now, o.p.id, code, form.get_or("receipt", "").substr(0, 100),
                            ballot_form_of(form));
      return message(ctx, o.p, "Your vote has been changed",
                     {"Your new choices have replaced your old ones. Your receipt code stays the same."});
    }
    auto receipt = vote_with_code(ctx.db, now, o.p.id, code, ballot_form_of(form));
    return receipt_page(ctx, o.p, receipt);
  } catch (const FormInvalid& e) {
    if (e.status == 409 && !voted)  // voted a moment ago, online or on paper
      return vote_form(ctx, o.p, o.projects, {.changing = true, .code = code},
                       FormView(form, {{"receipt", e.what()}}), form, 409);
    if (e.status != 422) refused(e);
    return vote_form(ctx, o.p, o.projects, page, FormView(form, e.errors), form, 422);
  }
}

}  // namespace

void register_code_routes(web::Router& router) {
  router.get("/budgets/{id}/codes", codes_get);
  router.post("/budgets/{id}/codes", codes_post);
  router.get("/budgets/{id}/paper", paper_get);
  router.post("/budgets/{id}/paper", paper_post);
  router.get("/budgets/{id}/vote/code", code_get);
  router.post("/budgets/{id}/vote/code", code_post);
}

}  // namespace cw::budgeting
