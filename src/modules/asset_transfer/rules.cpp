#include "modules/asset_transfer/rules.h"

#include <algorithm>

#include "common/money.h"
#include "common/text.h"
#include "modules/community_value/rules.h"
#include "web/form_fields.h"

namespace cw::asset_transfer {

namespace {

constexpr std::size_t kMaxText = 5000;

void need(std::vector<web::FieldError>& out, const std::string& value, const char* field, const char* missing,
          std::size_t max = kMaxText) {
  if (value.find_first_not_of(" \t\r\n") == std::string::npos)
    out.push_back({field, missing});
  else if (value.size() > max)
    out.push_back({field, max == kMaxText ? "Keep it to 5,000 characters or fewer"
                                          : "Keep it to 200 characters or fewer"});
  else if (max < kMaxText)
    if (auto e = text::name_refusal(value, "The name")) out.push_back({field, *e});
}

// The step's own date field on its form.
const char* date_field(Step s) {
  switch (s) {
    case Step::consider:
      return "considered_on";
    case Step::business_case:
      return "business_case_on";
    case Step::valuation:
      return "valued_on";
    case Step::decision:
      return "decided_on";
    case Step::consent:
      return "consent_on";
    case Step::heads_of_terms:
      return "terms_on";
    case Step::transfer:
      return "transferred_on";
    case Step::withdraw:
      return "withdrawn_on";
  }
  return "on";
}

Date latest(const Facts& f) {
  Date out = f.interest_on;
  for (const auto& d :
       {f.considered_on, f.business_case_on, f.valued_on, f.decided_on, f.consent_on, f.terms_on})
    if (d) out = std::max(out, *d);
  return out;
}

std::optional<web::FieldError> wrong_stage(const Facts& f, Step step) {
  auto at = [&](std::initializer_list<Stage> ok) {
    return std::find(ok.begin(), ok.end(), f.stage) != ok.end();
  };
  std::string now = std::string("The case is at the stage: ") + standing_label(f) + ". ";
  switch (step) {
    case Step::consider:
      if (!at({Stage::interest}) || f.considered_on)
        return web::FieldError{"consider", now +
                                               "The council decides once whether to consider an expression "
                                               "of interest"};
      break;
    case Step::business_case:
      if (!at({Stage::interest}) || !f.considered_on)
        return web::FieldError{"proposed_use",
                               now +
                                   "A business case comes once the council has agreed to consider the "
                                   "expression of interest"};
      break;
    case Step::valuation:
      if (!at({Stage::business_case}))
        return web::FieldError{"market_value", now + "A valuation comes after the business case"};
      break;
    case Step::decision:
      if (!at({Stage::valued}))
        return web::FieldError{"decision", now + "The council decides once the asset is valued"};
      break;
    case Step::consent:
      if (!at({Stage::approved, Stage::heads_of_terms}) || !f.needs_consent() || f.consent_on)
        return web::FieldError{"consent_on",
                               "The Secretary of State's consent is needed only for an approved transfer "
                               "at an undervalue of more than £2,000,000, and only once"};
      break;
    case Step::heads_of_terms:
      if (!at({Stage::approved}))
        return web::FieldError{"terms", now + "Heads of terms come after the council approves"};
      break;
    case Step::transfer:
      if (!at({Stage::heads_of_terms}))
        return web::FieldError{"transferred_on", now + "The transfer comes after heads of terms"};
      if (f.needs_consent() && !f.consent_on)
        return web::FieldError{
            "transferred_on",
            "The undervalue of " + money::format(undervalue(*f.market_value_pence, *f.consideration_pence)) +
                " is more than £2,000,000, so the transfer needs the Secretary of State's consent first"};
      break;
    case Step::withdraw:
      if (is_closed(f.stage))
        return web::FieldError{"withdraw_reason", now + "It can no longer be withdrawn"};
      break;
  }
  return std::nullopt;
}

}  // namespace

const char* stage_name(Stage s) {
  switch (s) {
    case Stage::interest:
      return "interest";
    case Stage::business_case:
      return "business_case";
    case Stage::valued:
      return "valued";
    case Stage::approved:
      return "approved";
    case Stage::refused:
      return "refused";
    case Stage::heads_of_terms:
      return "heads_of_terms";
    case Stage::transferred:
      return "transferred";
    case Stage::withdrawn:
      return "withdrawn";
  }
  return "interest";
}

const char* stage_label(Stage s) {
  switch (s) {
    case Stage::interest:
      return "Expression of interest";
    case Stage::business_case:
      return "Business case received";
    case Stage::valued:
      return "Valued";
    case Stage::approved:
      return "Approved";
    case Stage::refused:
      return "Refused";
    case Stage::heads_of_terms:
      return "Heads of terms agreed";
    case Stage::transferred:
      return "Transferred";
    case Stage::withdrawn:
      return "Withdrawn";
  }
  return "";
}

std::optional<Stage> stage_from(std::string_view name) {
  for (auto s : {Stage::interest, Stage::business_case, Stage::valued, Stage::approved, Stage::refused,
                 Stage::heads_of_terms, Stage::transferred, Stage::withdrawn})
    if (name == stage_name(s)) return s;
  return std::nullopt;
}

bool is_closed(Stage s) {
  return s == Stage::refused || s == Stage::transferred || s == Stage::withdrawn;
}

bool is_decided(Stage s) {
  return s == Stage::approved || s == Stage::refused || s == Stage::heads_of_terms || s == Stage::transferred;
}

std::int64_t undervalue(std::int64_t market_value_pence, std::int64_t consideration_pence) {
  return std::max<std::int64_t>(0, market_value_pence - consideration_pence);
}

bool needs_secretary_of_state_consent(std::int64_t undervalue_pence) {
  return undervalue_pence > kGeneralConsentLimitPence;
}

bool Facts::needs_consent() const {
  return market_value_pence && consideration_pence &&
         needs_secretary_of_state_consent(undervalue(*market_value_pence, *consideration_pence));
}

const char* standing_label(const Facts& f) {
  if (f.stage == Stage::interest && f.considered_on) return "Invited to send a business case";
  return stage_label(f.stage);
}

const char* step_name(Step s) {
  switch (s) {
    case Step::consider:
      return "consider";
    case Step::business_case:
      return "business_case";
    case Step::valuation:
      return "valuation";
    case Step::decision:
      return "decision";
    case Step::consent:
      return "consent";
    case Step::heads_of_terms:
      return "heads_of_terms";
    case Step::transfer:
      return "transfer";
    case Step::withdraw:
      return "withdraw";
  }
  return "";
}

std::optional<web::FieldError> refuse_step(const Facts& f, Step step, Date on, Date today) {
  if (auto e = wrong_stage(f, step)) return e;
  auto last = latest(f);
  if (on < last)
    return web::FieldError{date_field(step), "The date must be on or after " + civil::long_date(last) +
                                                 ", the date of the case's last step"};
  if (on > today) return web::FieldError{date_field(step), "The date must be today or in the past"};
  return std::nullopt;
}

std::vector<Step> next_steps(const Facts& f) {
  std::vector<Step> out;
  for (auto s : {Step::consider, Step::business_case, Step::valuation, Step::decision, Step::consent,
                 Step::heads_of_terms, Step::transfer, Step::withdraw})
    if (!wrong_stage(f, s)) out.push_back(s);
  return out;
}

std::vector<web::FieldError> interest_problems(const Interest& i) {
  std::vector<web::FieldError> out;
  need(out, i.asset_name, "asset_name", "Enter the name of the land or building", 200);
  need(out, i.organisation_name, "organisation_name", "Enter the name of your organisation", 200);
  if (!community_value::find_body_type(i.organisation_type))
    out.push_back({"organisation_type", "Choose what kind of organisation it is"});
  need(out, i.proposal, "proposal", "Say what you would like to take on and why");
  return out;
}

std::vector<web::FieldError> business_case_problems(const BusinessCase& b) {
  std::vector<web::FieldError> out;
  need(out, b.proposed_use, "proposed_use", "Describe how you will use it");
  need(out, b.benefits, "benefits", "Describe the benefits to the community");
  need(out, b.finances, "finances", "Describe how you will pay for running and looking after it");
  return out;
}

}  // namespace cw::asset_transfer
