#include "modules/asset_transfer/store.h"

#include <stdexcept>

namespace cw::asset_transfer {

namespace {

constexpr const char* kColumns =
    "id, locality_id, asset_id, applicant_id, asset_name, organisation_name, organisation_type, proposal, "
    "stage, "
    "interest_on, proposed_use, benefits, finances, business_case_on, market_value_pence, "
    "consideration_pence, "
    "valuer, valued_on, decided_on, decision_reasons, consent_on, tenure, lease_years, rent_pence, terms, "
    "terms_on, "
    "transferred_on, withdrawn_on, withdrawn_reason, considered_on";

std::optional<Date> opt_date(const store::Row& r, std::size_t i) {
  if (r.is_null(i)) return std::nullopt;
  auto d = civil::parse_iso_date(r.text(i));
  if (!d) throw std::runtime_error("transfers: a stored date is not YYYY-MM-DD: " + r.text(i));
  return d;
}

TransferRow row_from(const store::Row& r) {
  TransferRow t;
  t.id = r.integer(0);
  t.locality_id = r.integer(1);
  t.asset_id = r.opt_integer(2);
  t.applicant_id = r.opt_integer(3);
  t.interest = {r.text(4), r.text(5), r.text(6), r.text(7)};
  t.facts.stage = stage_from(r.text(8)).value_or(Stage::interest);
  t.facts.interest_on = *opt_date(r, 9);
  t.business_case = {r.text(10), r.text(11), r.text(12)};
  t.facts.business_case_on = opt_date(r, 13);
  t.facts.market_value_pence = r.opt_integer(14);
  t.facts.consideration_pence = r.opt_integer(15);
  t.valuer = r.text(16);
  t.facts.valued_on = opt_date(r, 17);
  t.facts.decided_on = opt_date(r, 18);
  t.decision_reasons = r.text(19);
  t.facts.consent_on = opt_date(r, 20);
  t.tenure = r.text(21);
  t.lease_years = r.opt_integer(22);
  t.rent_pence = r.opt_integer(23);
  t.terms = r.text(24);
  t.facts.terms_on = opt_date(r, 25);
  t.facts.transferred_on = opt_date(r, 26);
  t.facts.withdrawn_on = opt_date(r, 27);
  t.withdrawn_reason = r.text(28);
  t.facts.considered_on = opt_date(r, 29);
  return t;
}

}  // namespace

std::int64_t insert_transfer(store::Tx& tx, std::int64_t locality_id, std::optional<std::int64_t> asset_id,
                             const Interest& i, std::int64_t applicant_id, Date on, Micros now) {
  return tx
      .run(
          "INSERT INTO asset_transfers (locality_id, asset_id, asset_name, organisation_name, "
          "organisation_type, "
          "applicant_id, proposal, interest_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
          "$8, $9, "
          "$9) RETURNING id",
          locality_id, asset_id, i.asset_name, i.organisation_name, i.organisation_type, applicant_id,
          i.proposal, civil::iso(on), now)
      .one()
      .integer(0);
}

std::optional<TransferRow> find_transfer(store::Tx& tx, std::int64_t id) {
  auto r = tx.run(std::string("SELECT ") + kColumns + " FROM asset_transfers WHERE id = $1", id);
  if (r.empty()) return std::nullopt;
  return row_from(r.rows[0]);
}

std::vector<TransferRow> list_transfers(store::Tx& tx, bool decided_only) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM asset_transfers ";
  if (decided_only) sql += "WHERE stage IN ('approved', 'refused', 'heads_of_terms', 'transferred') ";
  sql += "ORDER BY COALESCE(decided_on, interest_on) DESC, id DESC";
  std::vector<TransferRow> out;
  for (const auto& r : tx.run(sql).rows) out.push_back(row_from(r));
  return out;
}

void set_considered(store::Tx& tx, std::int64_t id, Date on, Micros now) {
  tx.run("UPDATE asset_transfers SET considered_on = $2, updated_at = $3 WHERE id = $1", id, civil::iso(on),
         now);
}

void set_business_case(store::Tx& tx, std::int64_t id, const BusinessCase& b, Date on, Micros now) {
  tx.run(
      "UPDATE asset_transfers SET stage = 'business_case', proposed_use = $2, benefits = $3, finances = $4, "
      "business_case_on = $5, updated_at = $6 WHERE id = $1",
      id, b.proposed_use, b.benefits, b.finances, civil::iso(on), now);
}

void set_valuation(store::Tx& tx, std::int64_t id, std::int64_t market_value_pence,
                   std::int64_t consideration_pence, const std::string& valuer, Date on, Micros now) {
  tx.run(
      "UPDATE asset_transfers SET stage = 'valued', market_value_pence = $2, consideration_pence = $3, "
      "valuer = $4, "
      "valued_on = $5, updated_at = $6 WHERE id = $1",
      id, market_value_pence, consideration_pence, valuer, civil::iso(on), now);
}

void set_transfer_decision(store::Tx& tx, std::int64_t id, bool approved, Date on, const std::string& reasons,
                           Micros now) {
  tx.run(
      "UPDATE asset_transfers SET stage = $2, decided_on = $3, decision_reasons = $4, updated_at = $5 WHERE "
      "id = $1",
      id, approved ? "approved" : "refused", civil::iso(on), reasons, now);
}

void set_consent(store::Tx& tx, std::int64_t id, Date on, Micros now) {
  tx.run("UPDATE asset_transfers SET consent_on = $2, updated_at = $3 WHERE id = $1", id, civil::iso(on),
         now);
}

void set_heads_of_terms(store::Tx& tx, std::int64_t id, const std::string& tenure,
                        std::optional<std::int64_t> lease_years, std::optional<std::int64_t> rent_pence,
                        const std::string& terms, Date on, Micros now) {
  tx.run(
      "UPDATE asset_transfers SET stage = 'heads_of_terms', tenure = $2, lease_years = $3, rent_pence = $4, "
      "terms = "
      "$5, terms_on = $6, updated_at = $7 WHERE id = $1",
      id, tenure, lease_years, rent_pence, terms, civil::iso(on), now);
}

void set_transferred(store::Tx& tx, std::int64_t id, Date on, Micros now) {
  tx.run(
      "UPDATE asset_transfers SET stage = 'transferred', transferred_on = $2, updated_at = $3 WHERE id = $1",
      id, civil::iso(on), now);
}

void set_withdrawn(store::Tx& tx, std::int64_t id, const std::string& reason, Date on, Micros now) {
  tx.run(
      "UPDATE asset_transfers SET stage = 'withdrawn', withdrawn_reason = $2, withdrawn_on = $3, updated_at "
      "= $4 "
      "WHERE id = $1",
      id, reason, civil::iso(on), now);
}

}  // namespace cw::asset_transfer
