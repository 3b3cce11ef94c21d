-- Issue 10: the statutory term (Art. 20) kept beside the control term,
-- each executor's own receipt date, and call-back tries that did not reach
-- the applicant.

ALTER TABLE cases
  ADD COLUMN statutory_control_date date,                          -- Art. 20: extension/shortening only
  ADD COLUMN statutory_due_at       timestamptz,
  ADD COLUMN executor_received_at   timestamptz,                   -- the current executor's receipt
  ADD COLUMN unreached_call_backs   integer NOT NULL DEFAULT 0,    -- since the last answer
  ADD COLUMN closed_not_confirmed   boolean NOT NULL DEFAULT false; -- "answered, not confirmed"

-- Cases opened before kept one term; it is the best record of the
-- statutory one there is (rework or an emergency may have set it).
UPDATE cases SET
  statutory_control_date = control_date,
  statutory_due_at = due_at,
  executor_received_at = opened_at;

ALTER TABLE cases
  ALTER COLUMN statutory_control_date SET NOT NULL,
  ALTER COLUMN statutory_due_at SET NOT NULL,
  ALTER COLUMN executor_received_at SET NOT NULL;

-- Every executor that received the appeal, and when: re-routing keeps the
-- original receipt and term (the policy), and this keeps each body's own.
CREATE TABLE case_receipts (
  id           bigserial PRIMARY KEY,
  case_id      uuid NOT NULL REFERENCES cases (id),
  executor_id  text NOT NULL,
  received_at  timestamptz NOT NULL
);
CREATE INDEX case_receipts_by_case ON case_receipts (case_id, id);
INSERT INTO case_receipts (case_id, executor_id, received_at)
  SELECT id, executor_id, opened_at FROM cases;

-- false: the applicant could not be reached on this try.
ALTER TABLE case_callbacks ADD COLUMN reached boolean NOT NULL DEFAULT true;
