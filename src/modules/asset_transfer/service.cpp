#include "modules/asset_transfer/service.h"

#include <nlohmann/json.hpp>

#include "common/money.h"
#include "modules/accounts/people.h"
#include "modules/accounts/permissions.h"
#include "modules/assets/register.h"
#include "modules/audit/audit.h"
#include "modules/mail/outbox.h"
#include "web/form_fields.h"
#include "web/forms.h"
#include "web/problems.h"

namespace cw::asset_transfer {

using web::FormInvalid;

namespace {

TransferRow load(store::Tx& tx, std::int64_t id) {
  auto t = find_transfer(tx, id);
  if (!t) throw FormInvalid("case", "There is no asset transfer case with that number", 404);
  return *t;
}

bool is_applicant(const Actor* a, const TransferRow& t) {
  return a && t.applicant_id == a->user_id;
}

TransferRow load_for_officer(store::Tx& tx, const Command& c, std::int64_t id) {
  auto t = load(tx, id);
  if (!may_decide(c.actor, t.locality_id))
    throw FormInvalid("case", "Only the council's officers for this area can record that", 403);
  return t;
}

// Whether the step may come on that date; with the form's other problems, so all show at once.
void check(web::Problems& p, const TransferRow& t, Step step, Date on, const Command& c) {
  p.add(refuse_step(t.facts, step, on, civil::date_of(c.now)));
}

constexpr std::size_t kMaxText = 5000;

// Tells the applicant, audits the step, in the command's transaction.
void record(store::Tx& tx, const Command& c, const TransferRow& before, const std::string& action,
            const std::string& headline, const std::string& said) {
  auto after = load(tx, before.id);
  if (before.applicant_id)
    if (auto who = accounts::contact_of(tx, *before.applicant_id)) {
      nlohmann::json data{
          {"subject", "Asset transfer: " + before.interest.asset_name + " – " + headline},
          {"paragraphs", {said}},
          {"url", c.base_url + "/assets/transfers/" + std::to_string(before.id)},
          {"footer", "You are told because you applied for " + before.interest.organisation_name + "."}};
      mail::enqueue_mail(
          tx,
          mail::render_mail(c.views, "asset_transfer/mail/notice", data, who->email, "transfer." + action),
          c.now);
    }
  audit::record_change(tx, c.actor, c.ip, c.now,
                       {"transfer." + action, "asset_transfer", before.id, before.locality_id,
                        stage_name(before.facts.stage), stage_name(after.facts.stage)});
}

// The register follows the transfer: the receiving organisation now looks after the asset.
void hand_over(store::Tx& tx, const Command& c, std::int64_t asset_id, const std::string& organisation) {
  assets::hand_to_steward(tx, asset_id, organisation, "transferred", "Transferred to " + organisation,
                          c.actor ? std::optional(c.actor->user_id) : std::nullopt, c.now);
}

}  // namespace

bool may_decide(const Actor* actor, std::int64_t locality_id) {
  return accounts::can(actor, accounts::Action::curate_assets, {.locality_id = locality_id});
}

bool may_view(const Actor* actor, const TransferRow& t) {
  return is_decided(t.facts.stage) || is_applicant(actor, t) || may_decide(actor, t.locality_id);
}

std::int64_t express_interest(store::Tx& tx, const Command& c, std::int64_t locality_id,
                              std::optional<std::int64_t> asset_id, const Interest& i) {
  if (!c.actor) throw FormInvalid("asset_name", "Sign in to express interest", 403);
  if (asset_id) {
    auto asset = assets::find_asset_ref(tx, *asset_id);
    if (!asset || asset->locality_id != locality_id)
      throw FormInvalid("asset_name", "That asset is not on this area's register");
  }
  auto problems = interest_problems(i);
  if (!problems.empty()) throw FormInvalid(problems);
  auto id = insert_transfer(tx, locality_id, asset_id, i, c.actor->user_id, civil::date_of(c.now), c.now);
  TransferRow before = load(tx, id);
  record(
      tx, c, before, "interest", "expression of interest received",
      "The council received your expression of interest in " + i.asset_name +
          ". It will tell you whether it agrees to consider it; if it does, you then send a business case.");
  return id;
}

void consider_interest(store::Tx& tx, const Command& c, std::int64_t id, bool agree, Date on,
                       const std::string& note) {
  auto t = load_for_officer(tx, c, id);
  web::Problems p;
  check(p, t, Step::consider, on, c);
  if (agree) {
    p.keep_short("consider_reasons", note, kMaxText);
  } else {
    p.need_text("consider_reasons", note, "Give the reasons for declining: they are published", kMaxText);
  }
  p.refuse_if_any();
  if (agree) {
    set_considered(tx, id, on, c.now);
    record(tx, c, t, "consider", "the council will consider it",
           "On " + civil::long_date(on) + " the council agreed to consider your expression of interest. " +
               "Next, send a business case from the case page." + (note.empty() ? "" : " It asks: " + note));
  } else {
    set_transfer_decision(tx, id, false, on, note, c.now);
    record(tx, c, t, "decline", "the council declined it",
           "On " + civil::long_date(on) + " the council declined to consider your expression of interest. " +
               "Its reasons: " + note);
  }
}

void submit_business_case(store::Tx& tx, const Command& c, std::int64_t id, const BusinessCase& b) {
  auto t = load(tx, id);
  if (!is_applicant(c.actor, t) && !may_decide(c.actor, t.locality_id))
    throw FormInvalid("proposed_use",
                      "Only the applicant or the council's officers can send the business case", 403);
  auto today = civil::date_of(c.now);
  web::Problems p;
  check(p, t, Step::business_case, today, c);
  p.add(business_case_problems(b));
  p.refuse_if_any();
  set_business_case(tx, id, b, today, c.now);
  record(tx, c, t, "business_case", "business case received",
         "The council received the business case on " + civil::long_date(today) + ". It will now be valued.");
}

void record_valuation(store::Tx& tx, const Command& c, std::int64_t id, const Valuation& v) {
  auto t = load_for_officer(tx, c, id);
  web::Problems p;
  check(p, t, Step::valuation, v.on, c);
  p.keep_short("valuer", v.valuer, 200);
  p.refuse_if_any();
  set_valuation(tx, id, v.market_value_pence, v.consideration_pence, v.valuer, v.on, c.now);
  auto discount = undervalue(v.market_value_pence, v.consideration_pence);
  std::string said = "The asset was valued at " + money::format(v.market_value_pence) +
                     ". The price proposed is " + money::format(v.consideration_pence) + ", a discount of " +
                     money::format(discount) + ".";
  if (needs_secretary_of_state_consent(discount))
    said += " That is more than £2,000,000, so the transfer would need the Secretary of State's consent.";
  record(tx, c, t, "valuation", "valued", said);
}

void decide_transfer(store::Tx& tx, const Command& c, std::int64_t id, bool approve, Date on,
                     const std::string& reasons) {
  auto t = load_for_officer(tx, c, id);
  web::Problems p;
  check(p, t, Step::decision, on, c);
  p.need_text("decision_reasons", reasons, "Give the reasons for the decision: they are published", kMaxText);
  p.refuse_if_any();
  set_transfer_decision(tx, id, approve, on, reasons, c.now);
  record(tx, c, t, approve ? "approve" : "refuse", approve ? "approved" : "refused",
         std::string("The council ") + (approve ? "approved" : "refused") + " the transfer on " +
             civil::long_date(on) + ". Its reasons: " + reasons);
}

void record_consent(store::Tx& tx, const Command& c, std::int64_t id, Date on) {
  auto t = load_for_officer(tx, c, id);
  web::Problems p;
  check(p, t, Step::consent, on, c);
  p.refuse_if_any();
  set_consent(tx, id, on, c.now);
  record(tx, c, t, "consent", "Secretary of State's consent",
         "The Secretary of State consented to the transfer on " + civil::long_date(on) + ".");
}

void agree_heads_of_terms(store::Tx& tx, const Command& c, std::int64_t id, const HeadsOfTerms& h) {
  auto t = load_for_officer(tx, c, id);
  web::Problems p;
  check(p, t, Step::heads_of_terms, h.on, c);
  if (h.tenure != "freehold" && h.tenure != "leasehold") p.add("tenure", "Choose freehold or leasehold");
  if (h.tenure == "leasehold" && (!h.lease_years || *h.lease_years < 1 || *h.lease_years > 999))
    p.add("lease_years", "Enter the length of the lease in whole years, from 1 to 999");
  p.need_text("terms", h.terms, "Enter the main terms agreed", kMaxText);
  p.refuse_if_any();
  set_heads_of_terms(tx, id, h.tenure, h.tenure == "leasehold" ? h.lease_years : std::nullopt, h.rent_pence,
                     h.terms, h.on, c.now);
  record(tx, c, t, "heads_of_terms", "heads of terms agreed",
         "Heads of terms were agreed on " + civil::long_date(h.on) + ".");
}

void complete_transfer(store::Tx& tx, const Command& c, std::int64_t id, Date on) {
  auto t = load_for_officer(tx, c, id);
  web::Problems p;
  check(p, t, Step::transfer, on, c);
  p.refuse_if_any();
  set_transferred(tx, id, on, c.now);
  if (t.asset_id) hand_over(tx, c, *t.asset_id, t.interest.organisation_name);
  record(tx, c, t, "transfer", "transferred",
         t.interest.asset_name + " was transferred to " + t.interest.organisation_name + " on " +
             civil::long_date(on) + ".");
}

void withdraw_transfer(store::Tx& tx, const Command& c, std::int64_t id, const std::string& reason) {
  auto t = load(tx, id);
  if (!is_applicant(c.actor, t) && !may_decide(c.actor, t.locality_id))
    throw FormInvalid("withdraw_reason", "Only the applicant or the council's officers can withdraw it", 403);
  auto today = civil::date_of(c.now);
  web::Problems p;
  check(p, t, Step::withdraw, today, c);
  p.keep_short("withdraw_reason", reason, kMaxText);
  p.refuse_if_any();
  set_withdrawn(tx, id, reason, today, c.now);
  record(tx, c, t, "withdraw", "withdrawn", "The case was withdrawn on " + civil::long_date(today) + ".");
}

}  // namespace cw::asset_transfer
