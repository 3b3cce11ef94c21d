-- The full lifecycle: terms as moments, rework, results, answers, benefit
-- flags, the monitor's once-only notices, and the quality call-backs.

ALTER TABLE cases
  ADD COLUMN due_at            timestamptz,                       -- the term runs out
  ADD COLUMN warn_at           timestamptz,                       -- the early warning
  ADD COLUMN rework_count      integer  NOT NULL DEFAULT 0,
  ADD COLUMN result            smallint NOT NULL DEFAULT 0,       -- tracking.v1.CaseResult
  ADD COLUMN author_categories smallint[] NOT NULL DEFAULT '{}',  -- common.v1.AuthorCategory
  ADD COLUMN priority          boolean  NOT NULL DEFAULT false,   -- Art. 15 benefits
  ADD COLUMN first_head        boolean  NOT NULL DEFAULT false,   -- Art. 20: the head in person
  ADD COLUMN extended          boolean  NOT NULL DEFAULT false,
  ADD COLUMN answer            bytea,                             -- tracking.v1.CaseAnswer
  ADD COLUMN updated_at        timestamptz,
  ADD COLUMN due_soon_noticed  boolean  NOT NULL DEFAULT false,   -- CaseDueSoon emitted for this term
  ADD COLUMN overdue_noticed   boolean  NOT NULL DEFAULT false;   -- CaseOverdue emitted for this term

-- Cases opened before: the term ends at midnight after the control date
-- (Europe/Kiev: the old name, which every tzdata has).
UPDATE cases SET
  due_at = (control_date + 1)::timestamp AT TIME ZONE 'Europe/Kiev',
  updated_at = opened_at;
UPDATE cases SET warn_at = received_at + (due_at - received_at) * 0.75;

ALTER TABLE cases
  ALTER COLUMN due_at SET NOT NULL,
  ALTER COLUMN warn_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL;

CREATE INDEX cases_by_status ON cases (status, due_at);

-- The contact center's quality call-backs to the applicant.
CREATE TABLE case_callbacks (
  id            bigserial PRIMARY KEY,
  case_id       uuid NOT NULL REFERENCES cases (id),
  planned_date  date NOT NULL,
  planned_by    text NOT NULL,
  planned_at    timestamptz NOT NULL,
  called_by     text,                -- NULL until the call is recorded
  called_at     timestamptz,
  confirmed     boolean,
  grade         smallint,            -- 1..5, optional
  comment       text NOT NULL DEFAULT ''
);
CREATE INDEX case_callbacks_by_case ON case_callbacks (case_id, id);
