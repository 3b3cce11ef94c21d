-- Cases at executors, and every transition of each.

CREATE TABLE cases (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  appeal_id             uuid NOT NULL UNIQUE,
  registration_number   text NOT NULL,
  executor_id           text NOT NULL,
  status                smallint NOT NULL,          -- tracking.v1.CaseStatus
  received_at           timestamptz NOT NULL,       -- the term counts from here
  control_date          date NOT NULL,              -- last day of the term, Kyiv time
  needs_no_extra_study  boolean NOT NULL,
  emergency             boolean NOT NULL,
  topic_code            text NOT NULL,
  territory_code        text NOT NULL,
  opened_at             timestamptz NOT NULL
);
CREATE INDEX cases_newest ON cases (opened_at DESC, id DESC);
CREATE INDEX cases_by_executor ON cases (executor_id, opened_at DESC, id DESC);

CREATE TABLE case_history (
  id          bigserial PRIMARY KEY,
  case_id     uuid NOT NULL REFERENCES cases (id),
  at          timestamptz NOT NULL,
  actor       text NOT NULL,        -- who: a principal id, or "routing" for events
  from_status smallint,             -- NULL when the case opens
  to_status   smallint NOT NULL,
  note        text NOT NULL DEFAULT ''
);
CREATE INDEX case_history_by_case ON case_history (case_id, id);
