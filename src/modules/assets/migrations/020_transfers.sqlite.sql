-- Community Asset Transfer: an organisation takes on a council's land or building, usually below market
-- value, from an expression of interest through a business case, valuation, the council's decision and
-- heads of terms to the transfer. Money in pence; dates 'YYYY-MM-DD' as recorded. The organisation is
-- named as it calls itself until there is an organisations table. The only dialect difference from
-- 020_transfers.pg.sql is how ids are generated.
CREATE TABLE asset_transfers (
  id INTEGER PRIMARY KEY,
  locality_id INTEGER NOT NULL REFERENCES localities (id) ON DELETE CASCADE,
  asset_id INTEGER REFERENCES assets (id) ON DELETE SET NULL,
  asset_name TEXT NOT NULL,
  organisation_name TEXT NOT NULL,
  organisation_type TEXT NOT NULL,
  applicant_id INTEGER,               -- the signed-in person who expressed interest for it
  proposal TEXT NOT NULL,
  stage TEXT NOT NULL DEFAULT 'interest' CHECK (stage IN ('interest', 'business_case', 'valued', 'approved',
                                                          'refused', 'heads_of_terms', 'transferred', 'withdrawn')),
  interest_on TEXT NOT NULL,
  proposed_use TEXT NOT NULL DEFAULT '',
  benefits TEXT NOT NULL DEFAULT '',
  finances TEXT NOT NULL DEFAULT '',
  business_case_on TEXT,
  market_value_pence INTEGER CHECK (market_value_pence >= 0),
  consideration_pence INTEGER CHECK (consideration_pence >= 0), -- what the organisation pays
  valuer TEXT NOT NULL DEFAULT '',
  valued_on TEXT,
  decided_on TEXT,
  decision_reasons TEXT NOT NULL DEFAULT '',
  consent_on TEXT,                    -- the Secretary of State's consent, when the undervalue needs it
  tenure TEXT NOT NULL DEFAULT '' CHECK (tenure IN ('', 'freehold', 'leasehold')),
  lease_years INTEGER,
  rent_pence INTEGER,                 -- a year
  terms TEXT NOT NULL DEFAULT '',
  terms_on TEXT,
  transferred_on TEXT,
  withdrawn_on TEXT,
  withdrawn_reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX asset_transfers_by_locality ON asset_transfers (locality_id, stage, interest_on);
CREATE INDEX asset_transfers_by_asset ON asset_transfers (asset_id);
