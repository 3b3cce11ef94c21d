-- Classifier item 2 (attribute) detected at registration, and the indexes
-- attribute detection and the applicant history read.
ALTER TABLE appeals ADD COLUMN attribute smallint NOT NULL DEFAULT 1;
CREATE INDEX appeals_topic_territory_received ON appeals (topic_code, territory_code, received_at);
CREATE INDEX appeals_name_key ON appeals (name_key text_pattern_ops) WHERE name_key IS NOT NULL;
