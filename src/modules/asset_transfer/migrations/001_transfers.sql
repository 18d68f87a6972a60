-- Community Asset Transfer: an organisation takes on a council's land or building, usually below market
-- value, from an expression of interest through a business case, valuation, the council's decision and
-- heads of terms to the transfer. Money in pence; dates 'YYYY-MM-DD' as recorded. The organisation is
-- named as it calls itself until there is an organisations table.
-- Written once for both engines ({{id}} is the generated key); sites migrated before 2026-12 ran
-- one file per engine, as migration 020_transfers of the asset register, recognised by their hashes:
-- replaces sqlite assets/020_transfers 8ae917c41ed899a0618cf734f734ec2b7c434d9fcabdc05b4d72cd6b40eed902
-- replaces pg assets/020_transfers 23d475d67de280dfb1351b3146ff7bb48c90a778cab08166ea97da3831e8127a
CREATE TABLE asset_transfers (
  id {{id}},
  locality_id BIGINT NOT NULL REFERENCES localities (id) ON DELETE CASCADE,
  asset_id BIGINT REFERENCES assets (id) ON DELETE SET NULL,
  asset_name TEXT NOT NULL,
  organisation_name TEXT NOT NULL,
  organisation_type TEXT NOT NULL,
  applicant_id BIGINT,               -- the signed-in person who expressed interest for it
  proposal TEXT NOT NULL,
  stage TEXT NOT NULL DEFAULT 'interest' CHECK (stage IN ('interest', 'business_case', 'valued', 'approved',
                                                          'refused', 'heads_of_terms', 'transferred', 'withdrawn')),
  interest_on TEXT NOT NULL,
  proposed_use TEXT NOT NULL DEFAULT '',
  benefits TEXT NOT NULL DEFAULT '',
  finances TEXT NOT NULL DEFAULT '',
  business_case_on TEXT,
  market_value_pence BIGINT CHECK (market_value_pence >= 0),
  consideration_pence BIGINT CHECK (consideration_pence >= 0), -- what the organisation pays
  valuer TEXT NOT NULL DEFAULT '',
  valued_on TEXT,
  decided_on TEXT,
  decision_reasons TEXT NOT NULL DEFAULT '',
  consent_on TEXT,                    -- the Secretary of State's consent, when the undervalue needs it
  tenure TEXT NOT NULL DEFAULT '' CHECK (tenure IN ('', 'freehold', 'leasehold')),
  lease_years BIGINT,
  rent_pence BIGINT,                 -- a year
  terms TEXT NOT NULL DEFAULT '',
  terms_on TEXT,
  transferred_on TEXT,
  withdrawn_on TEXT,
  withdrawn_reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX asset_transfers_by_locality ON asset_transfers (locality_id, stage, interest_on);
CREATE INDEX asset_transfers_by_asset ON asset_transfers (asset_id);
