-- Where voters live, coarsely, for the fairness report (turnout and who was served, by ward and by
-- deprivation decile). The register keeps the voter's ward, which says no more than the account's
-- postcode already does; each ballot keeps only its voter's neighbourhood's decile (0: not known), and
-- the seal clears the decile of any group of ballots too small to hide in.
ALTER TABLE ballot_voters ADD COLUMN ward_code TEXT NOT NULL DEFAULT '';
ALTER TABLE ballots ADD COLUMN decile INTEGER NOT NULL DEFAULT 0;
