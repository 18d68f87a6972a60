// The case page: what was nominated, where it stands, its dates, and for the area's officers the forms
// for each step the law allows next. A form that failed comes back with its errors and what was typed.
#include <map>

#include <nlohmann/json.hpp>

#include "common/money.h"
#include "modules/community_value/pages.h"
#include "modules/community_value/view_models.h"
#include "web/form_fields.h"

namespace cw::community_value {

namespace {

using web::FormView;
using web::Params;

struct Loaded {
  CaseRow row;
  Periods periods;
  std::vector<ClaimRow> claims;
  bool following = false;
};

nlohmann::json decision_form(const FormView& f, const Params& t, Date today) {
  return {{"outcome",
           web::radios(f, t, "outcome", "Decision",
                       {{"list", "List it as an asset of community value"}, {"not_list", "Do not list it"}})},
          {"date", web::date_input(f, t, "decided_on", "Date of the decision", today)},
          {"reasons",
           web::textarea(f, t, "decision_reasons", "Reasons",
                         "Published. Needed when it is not listed: the list of unsuccessful nominations "
                         "gives them")}};
}

nlohmann::json review_request_form(const FormView& f, const Params& t, Date today, Date deadline) {
  return {{"date", web::date_input(f, t, "requested_on", "Date the council received the owner's request",
                                   today, "The owner may ask until " + long_date(deadline))},
          {"grounds", web::textarea(f, t, "grounds", "The owner's grounds (optional)")}};
}

nlohmann::json review_decision_form(const FormView& f, const Params& t, Date today) {
  return {{"outcome", web::radios(f, t, "review_outcome", "Review decision",
                                  {{"keep", "Keep it on the list"}, {"remove", "Remove it from the list"}})},
          {"date", web::date_input(f, t, "review_decided_on", "Date of the review decision", today)},
          {"reasons", web::textarea(f, t, "review_reasons", "Reasons")}};
}

nlohmann::json notice_forms(const Loaded& l, const FormView& f, const Params& t, Date today) {
  nlohmann::json out{
      {"notice",
       {{"date", web::date_input(f, t, "notice_on", "Date the council received the notice", today)},
        {"note", web::textarea(f, t, "notice_note", "Note (optional)")}}}};
  out["bidder"] = false;
  const Notice* n = moratorium_notice(l.row.facts);
  if (n && today <= moratorium_of(*n, l.periods).interim_end + std::chrono::days{30})
    out["bidder"] = {
        {"notice_id", n->id},
        {"notice_on", long_date(n->received_on)},
        {"group", f.field("group_name", "Name of the community group")},
        {"date",
         web::date_input(f, t, "bid_on", "Date the council received the group's request", today,
                         "Groups may ask until " + long_date(moratorium_of(*n, l.periods).interim_end))}};
  return out;
}

// For everyone but the area's officers, while groups may ask: the form a community group uses to ask to
// be treated as a potential bidder (officers record letters through their own form instead).
nlohmann::json ask_form(const Loaded& l, const FormView& f, const Params& t, Date today) {
  const Notice* n = moratorium_notice(l.row.facts);
  if (!n || standing_on(l.row.facts, l.periods, today) != Standing::listed) return false;
  auto m = moratorium_of(*n, l.periods);
  if (today > m.interim_end) return false;
  std::vector<std::pair<std::string, std::string>> types;
  for (const auto& b : body_types()) types.emplace_back(b.code, b.label);
  return {
      {"notice_on", long_date(n->received_on)},
      {"interim_end", long_date(m.interim_end)},
      {"full_end", long_date(add(n->received_on, l.periods.full_moratorium))},
      {"group", f.field("group_name", "Your group's name")},
      {"type", web::radios(f, t, "group_type", "What kind of group is it?", types)},
      {"local", f.choices("local_connection", "Local connection",
                          {{"yes", "Our group's activities are wholly or partly in this council's area", ""}},
                          {t.get_or("local_connection", "")}, true)}};
}

nlohmann::json claim_form(const FormView& f, const Params& t, Date today) {
  return {{"claimant", f.field("claimant", "Who is claiming")},
          {"loss", web::date_input(f, t, "loss_on", "Date of the loss or expense", std::nullopt)},
          {"date", web::date_input(f, t, "claim_on", "Date the council received the claim", today)},
          {"amount", f.field("claim_amount", "Amount claimed", "",
                             {.hint = "In pounds, for example 12500", .width = "10"})},
          {"details", web::textarea(f, t, "claim_details", "What the claim is for (optional)")}};
}

// The forms for the steps the law allows next; false for each that does not apply.
nlohmann::json officer_forms(const Loaded& l, const FormView& f, const Params& t, Date today) {
  const auto& facts = l.row.facts;
  nlohmann::json out{{"decision", false}, {"review_request", false}, {"review_decision", false},
                     {"notice", false},   {"bidder", false},         {"claim", false}};
  if (facts.status == Status::nominated) out["decision"] = decision_form(f, t, today);
  if (facts.status == Status::listed && !facts.review_requested_on)
    out["review_request"] = review_request_form(f, t, today, *review_request_deadline(facts, l.periods));
  if (facts.review_requested_on && !facts.review_decided_on)
    out["review_decision"] = review_decision_form(f, t, today);
  if (standing_on(facts, l.periods, today) == Standing::listed) {
    auto forms = notice_forms(l, f, t, today);
    out["notice"] = forms["notice"];
    out["bidder"] = forms["bidder"];
  }
  if (facts.status == Status::listed || facts.status == Status::removed)
    out["claim"] = claim_form(f, t, today);
  return out;
}

nlohmann::json claims_json(const std::vector<ClaimRow>& claims) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : claims)
    out.push_back({{"claimant", c.claimant},
                   {"loss_on", long_date(c.loss_on)},
                   {"received_on", long_date(c.received_on)},
                   {"amount", money::format(c.amount_pence)},
                   {"details", c.details}});
  return out;
}

nlohmann::json banner_for(const Params& query) {
  static const std::map<std::string, std::string> done{
      {"nominated", "Nomination sent. The council will decide whether to list it."},
      {"decision", "Decision recorded"},
      {"review-request", "Review request recorded"},
      {"review-decision", "Review decision recorded"},
      {"notice", "Notice of intended disposal recorded"},
      {"bidder", "Request to bid recorded"},
      {"asked", "Request sent. The council has it, and we have emailed you a copy."},
      {"claim", "Compensation claim recorded"},
      {"follow", "You will get an email when this case moves"},
      {"unfollow", "You will no longer get emails about this case"}};
  return web::done_banner(query, done);
}

}  // namespace

web::Response case_page(const web::Request& req, web::Context& ctx, std::int64_t id, const FormView& form,
                        const Params& typed, int status) {
  auto loaded = store::in_read(ctx.db, [&](store::Tx& tx) -> std::optional<Loaded> {
    auto row = find_case(tx, id);
    if (!row) return std::nullopt;
    Loaded l{*row, load_periods(tx, row->locality_id), list_claims(tx, id), false};
    if (ctx.actor) l.following = is_follower(tx, id, ctx.actor->user_id);
    return l;
  });
  if (!loaded)
    throw web::HttpError(404, "not_found", "There is no community right to bid case with that number.");
  auto today = date_of(ctx.clock.now());
  const auto& row = loaded->row;
  bool officer = may_decide(ctx.actor, row.locality_id);
  nlohmann::json data{
      {"errors", form.summary()},
      {"banner", banner_for(req.query)},
      {"case", case_json(row, loaded->periods, today)},
      {"nomination", nomination_rows(row)},
      {"timeline", timeline_view(row, loaded->periods, today)},
      {"in_case", true},
      {"decision_reasons", web::or_false(row.decision_reasons)},
      {"review_grounds", web::or_false(row.review_grounds)},
      {"review_reasons", web::or_false(row.review_reasons)},
      {"asset_href",
       row.asset_id ? nlohmann::json("/assets/" + std::to_string(*row.asset_id)) : nlohmann::json(false)},
      {"following", loaded->following},
      {"action", "/assets/community-value/" + std::to_string(id)},
      {"officer", officer ? officer_forms(*loaded, form, typed, today) : nlohmann::json(false)},
      {"ask", officer ? nlohmann::json(false) : ask_form(*loaded, form, typed, today)},
      {"claims", officer ? claims_json(loaded->claims) : nlohmann::json::array()}};
  data["has_claims"] = !data["claims"].empty();
  return ctx.page("community_value/case",
                  {.title = row.nomination.asset_name,
                   .breadcrumbs = {{"Home", "/"}, {"Assets of community value", "/assets/community-value"}},
                   .has_errors = form.has_errors(),
                   .nav_current = "/assets"},
                  std::move(data), status);
}

}  // namespace cw::community_value
