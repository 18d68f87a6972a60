// Community Asset Transfer as rules without a database: the stages a case moves through (expression of
// interest, business case, valuation, decision, heads of terms, transfer; or refused or withdrawn), which
// step may come next, what each step must contain, and the undervalue test of the General Disposal
// Consent (England) 2003. Money is integer pence. Pure functions; safe from any thread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/civil_date.h"
#include "web/forms.h"

namespace cw::asset_transfer {

// The statute counts in civil dates; this module speaks of them unqualified.
using namespace civil;

enum class Stage {
  interest,
  business_case,
  valued,
  approved,
  refused,
  heads_of_terms,
  transferred,
  withdrawn
};
const char* stage_name(Stage s);
const char* stage_label(Stage s);
std::optional<Stage> stage_from(std::string_view name);
bool is_closed(Stage s);   // refused, transferred or withdrawn: nothing more can happen
bool is_decided(Stage s);  // the council has decided: the case is public

// A council may dispose of land at an undervalue of up to £2,000,000 under the General Disposal Consent
// (England) 2003; above that it needs the Secretary of State's specific consent.
inline constexpr std::int64_t kGeneralConsentLimitPence = 200'000'000;
std::int64_t undervalue(std::int64_t market_value_pence, std::int64_t consideration_pence);
bool needs_secretary_of_state_consent(std::int64_t undervalue_pence);

struct Facts {
  Stage stage = Stage::interest;
  Date interest_on;
  std::optional<Date> considered_on;  // the council agreed to consider it and asked for a business case
  std::optional<Date> business_case_on, valued_on, decided_on, consent_on, terms_on, transferred_on,
      withdrawn_on;
  std::optional<std::int64_t> market_value_pence, consideration_pence;
  bool needs_consent() const;
};

// Where the case stands, in words: an expression of interest the council agreed to consider reads
// "Invited to send a business case".
const char* standing_label(const Facts& f);

enum class Step { consider, business_case, valuation, decision, consent, heads_of_terms, transfer, withdraw };
const char* step_name(Step s);
// What stops `step` on date `on`, as the error to show on its form; nullopt when it may go ahead.
std::optional<web::FieldError> refuse_step(const Facts& f, Step step, Date on, Date today);
// The steps that may come next, in the order the forms are shown.
std::vector<Step> next_steps(const Facts& f);

struct Interest {
  std::string asset_name, organisation_name, organisation_type, proposal;
};
std::vector<web::FieldError> interest_problems(const Interest& i);

struct BusinessCase {
  std::string proposed_use, benefits, finances;
};
std::vector<web::FieldError> business_case_problems(const BusinessCase& b);

}  // namespace cw::asset_transfer
