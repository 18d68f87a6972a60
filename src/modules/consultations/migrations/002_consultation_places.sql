-- Whom a consultation concerns: wards of its locality (none means the whole locality) and topics from
-- the shared list (modules/search/topics.h).
CREATE TABLE consultation_wards (
  consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  ward_code TEXT NOT NULL,
  PRIMARY KEY (consultation_id, ward_code)
);
CREATE INDEX consultation_wards_by_ward ON consultation_wards (ward_code, consultation_id);
CREATE TABLE consultation_topics (
  consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  PRIMARY KEY (consultation_id, topic)
);
