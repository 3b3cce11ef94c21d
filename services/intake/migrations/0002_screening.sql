-- The full card, screening (Art. 5, Art. 8, Art. 17), the registration day,
-- linked appeals, applicant search keys, and the resolutions intake learns
-- from tracking's CaseClosed events.

-- A returned appeal may lack the surname, name or organisation's code, and
-- an anonymous one has no applicant at all.
ALTER TABLE appeals DROP CONSTRAINT appeals_check;
ALTER TABLE appeals DROP CONSTRAINT appeals_check1;
ALTER TABLE appeals DROP CONSTRAINT appeals_applicant_type_check;
ALTER TABLE appeals ADD CONSTRAINT appeals_applicant_type_check
  CHECK (applicant_type IN ('person', 'organisation', 'none'));

ALTER TABLE appeals
  ADD COLUMN sex                          smallint NOT NULL DEFAULT 0,
  ADD COLUMN contested_executor_id        text,
  ADD COLUMN route_manually               boolean NOT NULL DEFAULT false,
  ADD COLUMN applicant_declared_incapable boolean NOT NULL DEFAULT false,
  ADD COLUMN contested_decision_date      date,
  ADD COLUMN learned_of_decision_date     date,
  ADD COLUMN complaint_term_restored      boolean NOT NULL DEFAULT false,
  ADD COLUMN do_not_disclose_name         boolean NOT NULL DEFAULT false,
  ADD COLUMN do_not_disclose_residence    boolean NOT NULL DEFAULT false,
  ADD COLUMN do_not_disclose_workplace    boolean NOT NULL DEFAULT false,
  ADD COLUMN keep_consideration_secret    boolean NOT NULL DEFAULT false,
  ADD COLUMN additional_topic_codes       text[] NOT NULL DEFAULT '{}',
  ADD COLUMN call_reference               text,
  ADD COLUMN external_card_number         text,
  ADD COLUMN not_considered_reason        smallint NOT NULL DEFAULT 0,
  ADD COLUMN screened_by                  text,
  ADD COLUMN return_explanation           text[] NOT NULL DEFAULT '{}',
  ADD COLUMN registration_date            date,
  ADD COLUMN linked_appeal_ids            uuid[] NOT NULL DEFAULT '{}',
  -- Applicant search keys: lower-cased "surname name patronymic" and
  -- residence address, so repeats are found whatever the case.
  ADD COLUMN name_key                     text,
  ADD COLUMN address_key                  text;

UPDATE appeals SET registration_date = (received_at AT TIME ZONE 'Europe/Kiev')::date,
                   name_key = lower(concat_ws(' ', surname, first_name, patronymic)),
                   address_key = lower(residence_address)
 WHERE registration_date IS NULL;
ALTER TABLE appeals ALTER COLUMN registration_date SET NOT NULL;

CREATE INDEX appeals_name_address ON appeals (name_key, address_key) WHERE name_key IS NOT NULL;
CREATE INDEX appeals_edrpou ON appeals (org_edrpou) WHERE org_edrpou IS NOT NULL;

-- Cases tracking closed on their merits (CaseClosed with result done,
-- explained or refused), for the repeated-appeal rule (Art. 8).
CREATE TABLE case_resolutions (
  case_id      text PRIMARY KEY,
  appeal_id    uuid NOT NULL,
  executor_id  text NOT NULL,
  result       smallint NOT NULL,
  closed_at    timestamptz NOT NULL
);
CREATE INDEX case_resolutions_appeal ON case_resolutions (appeal_id);
