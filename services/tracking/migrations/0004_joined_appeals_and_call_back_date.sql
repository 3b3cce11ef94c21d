-- Issue 10 (left over): a duplicate (дублетне) joins the first appeal's case
-- instead of opening a case with a term of its own; and the pending
-- call-back's planned date is kept on the case, so GetCase and the events
-- can tell it (the Government Contact Center's CALL_BACK_PLANNED carries it).

-- Appeals that joined a case opened for another appeal. The first appeal
-- stays cases.appeal_id; GetCase by a joined appeal's id finds the case.
CREATE TABLE case_joined_appeals (
  appeal_id            uuid PRIMARY KEY,
  case_id              uuid NOT NULL REFERENCES cases (id),
  registration_number  text NOT NULL,
  joined_at            timestamptz NOT NULL
);
CREATE INDEX case_joined_appeals_by_case ON case_joined_appeals (case_id, joined_at);

-- The day the pending call-back is planned for; NULL when none is pending.
ALTER TABLE cases ADD COLUMN call_back_planned_date date;
UPDATE cases c SET call_back_planned_date = cb.planned_date
  FROM (SELECT DISTINCT ON (case_id) case_id, planned_date FROM case_callbacks
        WHERE called_at IS NULL ORDER BY case_id, id DESC) cb
  WHERE c.id = cb.case_id;
