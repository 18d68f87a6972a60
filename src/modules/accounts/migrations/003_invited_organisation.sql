-- An invitation to be an organisation admin names the organisation (0: the role is not for one).
ALTER TABLE account_tokens ADD COLUMN organisation_id BIGINT NOT NULL DEFAULT 0;
