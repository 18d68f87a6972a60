// Community Asset Transfer's commands. An organisation's member expresses interest and sends the business
// case; the council's officers record the valuation, the decision, the Secretary of State's consent
// where the undervalue needs it, heads of terms and the transfer. Each command checks who acts and the
// stage, writes the store, the audit log and the applicant's mail in the caller's one transaction, and
// throws web::FormInvalid (403, 404 or 422) to refuse.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "modules/asset_transfer/store.h"
#include "modules/command.h"

namespace cw::asset_transfer {

using modules::Command;

// A council officer of the locality: they record the council's steps.
bool may_decide(const Actor* actor, std::int64_t locality_id);

// Decided cases are public; before that only the area's officers and the applicant see one.
bool may_view(const Actor* actor, const TransferRow& t);

std::int64_t express_interest(store::Tx& tx, const Command& c, std::int64_t locality_id,
                              std::optional<std::int64_t> asset_id, const Interest& i);
// The council agrees to consider the interest and asks for a business case (`note`, optional, tells the
// applicant what it should cover), or declines it with reasons, which refuses the case.
void consider_interest(store::Tx& tx, const Command& c, std::int64_t id, bool agree, Date on,
                       const std::string& note);
// By the applicant or an officer; dated the day it arrives.
void submit_business_case(store::Tx& tx, const Command& c, std::int64_t id, const BusinessCase& b);

struct Valuation {
  std::int64_t market_value_pence = 0, consideration_pence = 0;
  std::string valuer;
  Date on;
};
void record_valuation(store::Tx& tx, const Command& c, std::int64_t id, const Valuation& v);
void decide_transfer(store::Tx& tx, const Command& c, std::int64_t id, bool approve, Date on,
                     const std::string& reasons);
void record_consent(store::Tx& tx, const Command& c, std::int64_t id, Date on);

struct HeadsOfTerms {
  std::string tenure;  // freehold or leasehold
  std::optional<std::int64_t> lease_years, rent_pence;
  std::string terms;
  Date on;
};
void agree_heads_of_terms(store::Tx& tx, const Command& c, std::int64_t id, const HeadsOfTerms& h);
void complete_transfer(store::Tx& tx, const Command& c, std::int64_t id, Date on);
// By the applicant or an officer, at any stage before the case closes; dated today.
void withdraw_transfer(store::Tx& tx, const Command& c, std::int64_t id, const std::string& reason);

}  // namespace cw::asset_transfer
