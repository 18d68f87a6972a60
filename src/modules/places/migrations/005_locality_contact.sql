-- How residents reach the council: shown as "Who to contact" on every ward page, set by the locality admin.
ALTER TABLE localities ADD COLUMN contact_website TEXT NOT NULL DEFAULT '';
ALTER TABLE localities ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE localities ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE localities ADD COLUMN contact_address TEXT NOT NULL DEFAULT '';
