-- The council's first step: it agrees to consider an expression of interest and asks for a business
-- case, or declines it with reasons (the case is then refused). Cases already waiting for a business
-- case were told to send one, so they count as agreed on the day their interest arrived.
ALTER TABLE asset_transfers ADD COLUMN considered_on TEXT;
UPDATE asset_transfers SET considered_on = interest_on WHERE stage = 'interest';
