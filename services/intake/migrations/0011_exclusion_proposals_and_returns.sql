-- Issue 10: Art. 8 exclusions are proposals a supervisor decides; "the
-- same issue" is the finest topic on the card; the attribute follows the
-- CMU 348 Instruction (a duplicate joins the first appeal's case, mass is
-- keyed on an object or event an operator confirmed); a returned appeal's
-- letter (Art. 5: within 10 days) is tracked.

-- The deepest of topic_code and the additional topics under it
-- (FinestTopic); the Art. 8 repeat and the attribute compare it.
ALTER TABLE appeals ADD COLUMN finest_topic text;
UPDATE appeals SET finest_topic = topic_code WHERE finest_topic IS NULL;
ALTER TABLE appeals ALTER COLUMN finest_topic SET NOT NULL;
CREATE INDEX appeals_finest_topic ON appeals (finest_topic);

-- Intake's proposal not to consider an appeal and the supervisor's decision
-- (ExclusionDecision: 0 none, 1 pending, 2 confirmed, 3 overruled).
ALTER TABLE appeals
  ADD COLUMN proposal_reason       smallint NOT NULL DEFAULT 0,
  ADD COLUMN proposal_executor_id  text,
  ADD COLUMN proposed_by           text,
  ADD COLUMN proposed_at           timestamptz,
  ADD COLUMN proposal_decision     smallint NOT NULL DEFAULT 0,
  ADD COLUMN proposal_decided_by   text,
  ADD COLUMN proposal_decided_at   timestamptz,
  ADD COLUMN proposal_comment      text;
CREATE INDEX appeals_pending_proposals ON appeals (proposed_at, id) WHERE proposal_decision = 1;

-- The return letter (Art. 5): its last day, and the letter once recorded;
-- return_overdue_reported_at marks the one AppealReturnOverdue.
ALTER TABLE appeals
  ADD COLUMN return_due_date             date,
  ADD COLUMN return_letter_date          date,
  ADD COLUMN return_letter_number        text,
  ADD COLUMN return_letter_recorded_by   text,
  ADD COLUMN return_letter_recorded_at   timestamptz,
  ADD COLUMN return_overdue_reported_at  timestamptz;
-- Appeals returned before this migration: 10 days from receipt (without the
-- working-day shift, which needs the calendar).
UPDATE appeals SET return_due_date = (received_at AT TIME ZONE 'Europe/Kiev')::date + 10
 WHERE status = 3 AND return_due_date IS NULL;
CREATE INDEX appeals_returns_awaiting_letter ON appeals (return_due_date, id)
  WHERE return_due_date IS NOT NULL AND return_letter_date IS NULL;

-- A duplicate's first appeal, and the first appeal of the object or event
-- an operator linked the appeal to (AppealCard.same_event_appeal_id).
ALTER TABLE appeals
  ADD COLUMN duplicate_of_appeal_id uuid,
  ADD COLUMN same_event_appeal_id   uuid,
  ADD COLUMN event_root_id          uuid;
CREATE INDEX appeals_event_root ON appeals (event_root_id) WHERE event_root_id IS NOT NULL;

-- Cases tracking reported overdue (CaseOverdue): an appeal saying the
-- earlier one went unanswered past its term is repeated, not a duplicate.
CREATE TABLE case_overdue (
  case_id     text PRIMARY KEY,
  appeal_id   uuid NOT NULL,
  due_at      timestamptz NOT NULL
);
CREATE INDEX case_overdue_appeal ON case_overdue (appeal_id);
