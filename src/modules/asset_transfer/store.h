// All SQL of Community Asset Transfer: one row per case, its stage and the dates and money of each
// step. Each function runs in the caller's transaction; none checks permissions or rules.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "modules/asset_transfer/rules.h"
#include "store/db.h"

namespace cw::asset_transfer {

struct TransferRow {
  std::int64_t id = 0, locality_id = 0;
  std::optional<std::int64_t> asset_id, applicant_id;
  Interest interest;
  BusinessCase business_case;
  Facts facts;
  std::string valuer, decision_reasons, tenure, terms, withdrawn_reason;
  std::optional<std::int64_t> lease_years, rent_pence;
};

std::int64_t insert_transfer(store::Tx& tx, std::int64_t locality_id, std::optional<std::int64_t> asset_id,
                             const Interest& i, std::int64_t applicant_id, Date on, Micros now);
std::optional<TransferRow> find_transfer(store::Tx& tx, std::int64_t id);
// Newest first; only decided ones when `decided_only`.
std::vector<TransferRow> list_transfers(store::Tx& tx, bool decided_only);

void set_considered(store::Tx& tx, std::int64_t id, Date on, Micros now);
void set_business_case(store::Tx& tx, std::int64_t id, const BusinessCase& b, Date on, Micros now);
void set_valuation(store::Tx& tx, std::int64_t id, std::int64_t market_value_pence,
                   std::int64_t consideration_pence, const std::string& valuer, Date on, Micros now);
void set_transfer_decision(store::Tx& tx, std::int64_t id, bool approved, Date on, const std::string& reasons,
                           Micros now);
void set_consent(store::Tx& tx, std::int64_t id, Date on, Micros now);
void set_heads_of_terms(store::Tx& tx, std::int64_t id, const std::string& tenure,
                        std::optional<std::int64_t> lease_years, std::optional<std::int64_t> rent_pence,
                        const std::string& terms, Date on, Micros now);
void set_transferred(store::Tx& tx, std::int64_t id, Date on, Micros now);
void set_withdrawn(store::Tx& tx, std::int64_t id, const std::string& reason, Date on, Micros now);

}  // namespace cw::asset_transfer
