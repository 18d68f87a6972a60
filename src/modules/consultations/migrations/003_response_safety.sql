-- Consultations: who may respond is the officers' choice of three (consultation.h Responders). Sites
-- keep what each consultation did before: one needing sign-in still does, the rest stay open to anyone.
-- New consultations take signed-in people only unless an officer chooses otherwise (the app writes it).
ALTER TABLE consultations ADD COLUMN responders TEXT NOT NULL DEFAULT 'anyone'
  CHECK (responders IN ('signed_in', 'email_confirmed', 'anyone'));
UPDATE consultations SET responders = 'signed_in' WHERE requires_sign_in = 1;
ALTER TABLE consultations ADD COLUMN burst_at BIGINT;  -- responses last arrived far faster than before
-- A response counts only once it is submitted, confirmed (confirm_hash cleared, when the consultation
-- asks for email confirmation) and not held as suspect (many from one network in a short time).
ALTER TABLE consultation_responses ADD COLUMN confirm_hash TEXT;
ALTER TABLE consultation_responses ADD COLUMN wants_copy INTEGER NOT NULL DEFAULT 0;
ALTER TABLE consultation_responses ADD COLUMN suspect_reason TEXT;
ALTER TABLE consultation_responses ADD COLUMN network TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX consultation_responses_by_confirmation ON consultation_responses (confirm_hash);
